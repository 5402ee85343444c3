package io.doorman.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What keeps Plex locked to the front door: the public URL clients use, and the PMS preference policy that
 * {@code serve} enforces and the check commands test.
 *
 * @param publicUrl     the front door, e.g. {@code https://media.example.com}, or null when not set (then no
 *                      policy can be built and {@code serve} enforces nothing)
 * @param prefsInterval how often {@code serve} checks and repairs the policy; zero disables it
 * @param prefsRequire  extra required preferences, each {@code Id=value} as written (checked by {@code prefs})
 * @param prefsOff      ids of the runbook's default preferences the user turned off
 */
public record LockdownSettings(URI publicUrl, Duration prefsInterval, List<String> prefsRequire, List<String> prefsOff) {

    public static final Duration DEFAULT_PREFS_INTERVAL = Duration.ofMinutes(5);

    public LockdownSettings {
        prefsRequire = List.copyOf(prefsRequire);
        prefsOff = List.copyOf(prefsOff);
    }

    public static LockdownSettings defaults() {
        return new LockdownSettings(null, DEFAULT_PREFS_INTERVAL, List.of(), List.of());
    }

    public LockdownSettings withPublicUrl(URI v) {
        return new LockdownSettings(v, prefsInterval, prefsRequire, prefsOff);
    }

    public LockdownSettings withPrefsInterval(Duration v) {
        return new LockdownSettings(publicUrl, v, prefsRequire, prefsOff);
    }

    public LockdownSettings withPrefsRequire(List<String> v) {
        return new LockdownSettings(publicUrl, prefsInterval, v, prefsOff);
    }

    public LockdownSettings withPrefsOff(List<String> v) {
        return new LockdownSettings(publicUrl, prefsInterval, prefsRequire, v);
    }
}
