package io.doorman.guard;

import io.doorman.config.GoDuration;
import java.time.Duration;

/**
 * Formats {@code plexlabelproxy_audit:} lines field for field as the Go tool prints them, so existing
 * {@code journalctl -g} searches keep working. Only fingerprints identify sources and tokens: raw tokens,
 * raw source headers and raw apparent source addresses never appear (the direct peer, {@code remote=}, does).
 */
public final class SecurityAuditLine {

    public static final String PREFIX = "plexlabelproxy_audit:";

    private SecurityAuditLine() {
    }

    /**
     * A decision line.
     *
     * @param path          the request path without its query
     * @param remote        the direct peer address
     * @param source        fingerprint of the apparent source
     * @param tokenFp       token fingerprint, or {@code missing}
     * @param authCacheHit  for {@code deny_unauthorized_token}: whether the answer came from the cache
     */
    public static String decision(AuditOutcome outcome, String method, String path, boolean liveTv,
            boolean discovery, boolean stream, String remote, String source, int forwardedForCount,
            boolean cfConnectingIp, String tokenFp, boolean authCacheHit) {
        String reason = outcome == AuditOutcome.DENY_UNAUTHORIZED_TOKEN
                ? outcome.reason() + " auth_cache_hit=" + authCacheHit
                : outcome.reason();
        return decision(outcome, method, path, liveTv, discovery, stream, remote, source, forwardedForCount,
                cfConnectingIp, tokenFp, reason);
    }

    /** A decision line with its own reason (tracked playback elevations name what they are). */
    public static String decision(AuditOutcome outcome, String method, String path, boolean liveTv,
            boolean discovery, boolean stream, String remote, String source, int forwardedForCount,
            boolean cfConnectingIp, String tokenFp, String reason) {
        return PREFIX + " outcome=" + outcome.wire() + " method=" + method + " path=" + path
                + " live_tv=" + liveTv + " discovery=" + discovery + " stream=" + stream
                + " remote=" + remote + " source=" + source + " forwarded_for_count=" + forwardedForCount
                + " cf_connecting_ip=" + cfConnectingIp + " token_fp=" + tokenFp + " reason=" + quote(reason);
    }

    /** The line printed when a block starts. */
    public static String blockStarted(String source, int failures, Duration window, Duration blockedFor,
            String tokenFp) {
        return PREFIX + " outcome=" + AuditOutcome.BAD_ACTOR_BLOCKED.wire() + " source=" + source
                + " failures=" + failures + " window=" + GoDuration.format(window)
                + " blocked_for=" + GoDuration.format(blockedFor) + " token_fp=" + tokenFp
                + " reason=" + quote(AuditOutcome.BAD_ACTOR_BLOCKED.reason());
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
