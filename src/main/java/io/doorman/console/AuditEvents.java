package io.doorman.console;

import java.time.Instant;
import java.util.List;

/**
 * The security audit history the console shows: recent Live TV elevation decisions and their counts per minute.
 * {@link StoredAuditEvents} reads it from the console's store. Never holds a token: a token
 * is only ever its fingerprint, a source only its fingerprint.
 */
public interface AuditEvents {

    /** Most events {@link #recent} returns. */
    int MAX_LIMIT = 500;
    /** Longest history {@link #history} covers: a day. */
    int MAX_MINUTES = 24 * 60;

    /**
     * One decision.
     *
     * @param outcome an {@code outcome=} value of the audit lines ({@code elevated_live_tv}, {@code deny_...})
     * @param tokenFp the token's fingerprint, or {@code missing}
     * @param source  the apparent source's fingerprint
     * @param path    the request path, without its query
     */
    record Event(Instant time, String outcome, String tokenFp, String source, String method, String path) {
    }

    /** How many elevations and denials fell in the minute starting at {@code t}. */
    record Minute(Instant t, long elevated, long denied) {
    }

    /**
     * The newest events, newest first.
     *
     * @param outcome only this outcome, or every one when null
     * @param limit   at most this many (1..{@value #MAX_LIMIT})
     */
    List<Event> recent(String outcome, int limit);

    /** One point per minute for the last {@code minutes} (1..{@value #MAX_MINUTES}) up to now, oldest first. */
    List<Minute> history(int minutes);

    /** Whether an outcome counts as elevated in {@link Minute}. */
    static boolean isElevated(String outcome) {
        return outcome.startsWith("elevated");
    }

    /** Whether an outcome counts as denied in {@link Minute}: a refused request (a block starting is not one). */
    static boolean isDenied(String outcome) {
        return outcome.startsWith("deny") || outcome.startsWith("blocked");
    }
}
