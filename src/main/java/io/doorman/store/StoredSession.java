package io.doorman.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A console session as stored: keyed by the SHA-256 of its id (the id itself is never stored), with its CSRF
 * token and expiry. It ends when idle for {@code idleTimeout} or at {@code absoluteExpiry}, whichever is first.
 */
public record StoredSession(String idSha256, String csrfToken, Instant created, Instant lastSeen,
        Duration idleTimeout, Instant absoluteExpiry) {

    /** When the session ends if not used again. */
    public Instant idleExpiry() {
        Instant idle = lastSeen.plus(idleTimeout);
        return idle.isBefore(absoluteExpiry) ? idle : absoluteExpiry;
    }

    /** Whether the session has ended at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(idleExpiry());
    }

    @Override
    public String toString() {
        // The CSRF token is a credential for as long as the session lives.
        return "StoredSession[idSha256=" + idSha256.substring(0, Math.min(16, idSha256.length())) + "…, created="
                + created + ", lastSeen=" + lastSeen + ", idleTimeout=" + idleTimeout + ", absoluteExpiry="
                + absoluteExpiry + "]";
    }
}
