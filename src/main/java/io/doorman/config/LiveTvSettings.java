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
        boolean providerLabels,
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
        Duration auditSummaryInterval,
        Duration tokenCacheTtl,
        int rewriteMaxBytes) {

    /** The default limit on a response body held in memory to be rewritten. */
    public static final int DEFAULT_REWRITE_MAX_BYTES = 4 * 1024 * 1024;

    /** Everything off, the spec's defaults for tunables. */
    public static LiveTvSettings disabled() {
        return new LiveTvSettings(new Secret(""), new Secret(""), "iptvtunerr-", 30, false, false, false, false, false,
                false, false, 5, Duration.ofMinutes(5), Duration.ofMinutes(30), null, Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofMinutes(5), DEFAULT_REWRITE_MAX_BYTES);
    }

    /** Whether any Live TV behaviour is switched on. */
    public boolean anyEnabled() {
        return elevateLiveTv || elevateAll || spoofIdentity || providerLabels || neutralizeOwnerHistory;
    }

    /** Whether the owner token is ever borrowed. */
    public boolean elevates() {
        return elevateLiveTv || elevateAll;
    }

    /** A copy with another token. */
    public LiveTvSettings withToken(Secret v) {
        return new LiveTvSettings(v, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another ownerToken. */
    public LiveTvSettings withOwnerToken(Secret v) {
        return new LiveTvSettings(token, v, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another stripPrefix. */
    public LiveTvSettings withStripPrefix(String v) {
        return new LiveTvSettings(token, ownerToken, v, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another refreshSeconds. */
    public LiveTvSettings withRefreshSeconds(int v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, v, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another spoofIdentity. */
    public LiveTvSettings withSpoofIdentity(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, v, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another providerLabels. */
    public LiveTvSettings withProviderLabels(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, v, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another elevateLiveTv. */
    public LiveTvSettings withElevateLiveTv(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, v, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another elevateAll. */
    public LiveTvSettings withElevateAll(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, v, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another elevateDiscoveryOnly. */
    public LiveTvSettings withElevateDiscoveryOnly(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, v, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another userHeader. */
    public LiveTvSettings withUserHeader(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, v, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another neutralizeOwnerHistory. */
    public LiveTvSettings withNeutralizeOwnerHistory(boolean v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, v, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another abuseBlockThreshold. */
    public LiveTvSettings withAbuseBlockThreshold(int v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, v, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another abuseBlockWindow. */
    public LiveTvSettings withAbuseBlockWindow(Duration v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, v, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another abuseBlockDuration. */
    public LiveTvSettings withAbuseBlockDuration(Duration v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, v, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another abuseBlockStateFile. */
    public LiveTvSettings withAbuseBlockStateFile(Path v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, v, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another badAuthCooldown. */
    public LiveTvSettings withBadAuthCooldown(Duration v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, v, auditSummaryInterval, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another auditSummaryInterval. */
    public LiveTvSettings withAuditSummaryInterval(Duration v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, v, tokenCacheTtl, rewriteMaxBytes);
    }

    /** A copy with another tokenCacheTtl. */
    public LiveTvSettings withTokenCacheTtl(Duration v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, v, rewriteMaxBytes);
    }

    /** A copy with another rewriteMaxBytes. */
    public LiveTvSettings withRewriteMaxBytes(int v) {
        return new LiveTvSettings(token, ownerToken, stripPrefix, refreshSeconds, spoofIdentity, providerLabels, elevateLiveTv, elevateAll, elevateDiscoveryOnly, userHeader, neutralizeOwnerHistory, abuseBlockThreshold, abuseBlockWindow, abuseBlockDuration, abuseBlockStateFile, badAuthCooldown, auditSummaryInterval, tokenCacheTtl, v);
    }
}
