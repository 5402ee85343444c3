package io.doorman.guard;

import io.doorman.config.LiveTvSettings;
import java.time.Duration;

/**
 * The abuse-blocking tunables, normalised: a threshold, window or duration that is zero or negative takes
 * the spec's default; a cooldown that is zero or negative disables cooldowns (spec: "if cooldown > 0").
 */
public record AbuseSettings(int threshold, Duration window, Duration duration, Duration cooldown) {

    public static final int DEFAULT_THRESHOLD = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(30);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(2);

    public AbuseSettings {
        threshold = threshold <= 0 ? DEFAULT_THRESHOLD : threshold;
        window = window == null || window.isNegative() || window.isZero() ? DEFAULT_WINDOW : window;
        duration = duration == null || duration.isNegative() || duration.isZero() ? DEFAULT_DURATION : duration;
        cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown;
    }

    /** The spec's defaults: 5 failures in 5m block for 30m; 2m cooldown. */
    public static AbuseSettings defaults() {
        return new AbuseSettings(0, null, null, null);
    }

    /** The tunables of a resolved {@code plex-label-proxy} configuration. */
    public static AbuseSettings from(LiveTvSettings s) {
        return new AbuseSettings(s.abuseBlockThreshold(), s.abuseBlockWindow(), s.abuseBlockDuration(),
                s.badAuthCooldown());
    }

    /** Whether a failed source/token pair is remembered for {@link #cooldown()}. */
    public boolean cooldownEnabled() {
        return cooldown.compareTo(Duration.ZERO) > 0;
    }
}
