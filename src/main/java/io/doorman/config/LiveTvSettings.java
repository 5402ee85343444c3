package io.doorman.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Live TV elevation settings of {@code plex-label-proxy} (see shared/spec/plex-label-proxy.md),
 * already resolved from flags and environment. Durations keep their sign: a negative cooldown or
 * summary interval means "disabled".
 */
public record LiveTvSettings(
        Secret token,
        Secret ownerToken,
        String stripPrefix,
        int refreshSeconds,
        boolean spoofIdentity,
        boolean elevateLiveTv,
        boolean elevateAll,
        boolean elevateDiscoveryOnly,
        boolean userHeader,
        boolean neutralizeOwnerHistory,
        int abuseBlockThreshold,
        Duration abuseBlockWindow,
        Duration abuseBlockDuration,
        Path abuseBlockStateFile,
        Duration badAuthCooldown,
        Duration auditSummaryInterval) {

    /** Everything off, the spec's defaults for tunables. */
    public static LiveTvSettings disabled() {
        return new LiveTvSettings(new Secret(""), new Secret(""), "iptvtunerr-", 30, false, false, false, false,
                false, false, 5, Duration.ofMinutes(5), Duration.ofMinutes(30), null, Duration.ofMinutes(2),
                Duration.ofMinutes(5));
    }

    /** Whether any Live TV behaviour is switched on. */
    public boolean anyEnabled() {
        return elevateLiveTv || elevateAll || spoofIdentity || neutralizeOwnerHistory;
    }
}
