package io.doorman.prefs;

import io.doorman.config.LockdownSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The PMS preferences that keep Plex behind the front door, in the order they are checked. The default is
 * the runbook's: Relay off, the public port published manually, the public URL as the only custom URL.
 */
public record PrefsPolicy(List<RequiredPref> prefs) {

    public static final String RELAY = "RelayEnabled";
    public static final String MANUAL_PORT_MODE = "ManualPortMappingMode";
    public static final String MANUAL_PORT = "ManualPortMappingPort";
    public static final String CUSTOM_CONNECTIONS = "customConnections";

    public PrefsPolicy {
        Set<String> ids = new HashSet<>();
        for (RequiredPref p : prefs) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("preference " + p.id() + " is required twice");
            }
        }
        prefs = List.copyOf(prefs);
    }

    /** The runbook's policy for {@code url}: its port is the one published. */
    public static PrefsPolicy runbook(PublicUrl url) {
        return new PrefsPolicy(List.of(
                RequiredPref.bool(RELAY, false),
                RequiredPref.bool(MANUAL_PORT_MODE, true),
                RequiredPref.integer(MANUAL_PORT, url.port()),
                RequiredPref.text(CUSTOM_CONNECTIONS, url.withExplicitPort())));
    }

    /** The runbook's preferences whose wanted value comes from the public URL. */
    public static final List<String> FROM_PUBLIC_URL = List.of(MANUAL_PORT, CUSTOM_CONNECTIONS);

    /**
     * The policy the settings ask for: the runbook's for the public URL, without the ids turned off, with the
     * extra requirements (an extra one with a default's id replaces it). Without a public URL, the preferences
     * that follow from it ({@link #FROM_PUBLIC_URL}) are left out: a caller reports them as not checked.
     *
     * @throws IllegalArgumentException naming the setting that cannot be used (an id turned off that the runbook
     *     does not require, an extra requirement that is no valid value)
     */
    public static PrefsPolicy forSettings(LockdownSettings s) {
        PrefsPolicy policy = s.publicUrl() == null
                ? new PrefsPolicy(List.of(RequiredPref.bool(RELAY, false), RequiredPref.bool(MANUAL_PORT_MODE, true)))
                : runbook(PublicUrl.parse(s.publicUrl().toString()));
        for (String id : s.prefsOff()) {
            if (s.publicUrl() == null && FROM_PUBLIC_URL.contains(id)) {
                continue;
            }
            try {
                policy = policy.without(id);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prefs-off: " + e.getMessage());
            }
        }
        for (String assignment : s.prefsRequire()) {
            try {
                policy = policy.with(RequiredPref.parseAssignment(assignment));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prefs-require: " + e.getMessage());
            }
        }
        return policy;
    }

    /** The ids {@link #forSettings} left out for want of a public URL (and not turned off). */
    public static List<String> waitingForPublicUrl(LockdownSettings s) {
        if (s.publicUrl() != null) {
            return List.of();
        }
        return FROM_PUBLIC_URL.stream().filter(id -> !s.prefsOff().contains(id)
                && s.prefsRequire().stream().noneMatch(a -> a.startsWith(id + "="))).toList();
    }

    /** This policy without the preference {@code id} (a default the user turned off); unknown ids are an error. */
    public PrefsPolicy without(String id) {
        List<RequiredPref> kept = new ArrayList<>(prefs);
        if (!kept.removeIf(p -> p.id().equals(id))) {
            throw new IllegalArgumentException("preference " + id + " is not in the policy (it has "
                    + String.join(", ", prefs.stream().map(RequiredPref::id).toList()) + ")");
        }
        return new PrefsPolicy(kept);
    }

    /** This policy with {@code extra} added, or replacing the default for the same id. */
    public PrefsPolicy with(RequiredPref extra) {
        List<RequiredPref> next = new ArrayList<>(prefs);
        int at = next.stream().map(RequiredPref::id).toList().indexOf(extra.id());
        if (at < 0) {
            next.add(extra);
        } else {
            next.set(at, extra);
        }
        return new PrefsPolicy(next);
    }
}
