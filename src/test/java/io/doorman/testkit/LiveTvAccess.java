package io.doorman.testkit;

/**
 * Who the fake PMS's Live TV routes ({@code /livetv/dvrs}, {@code /media/providers}, provider pages) answer.
 * {@link #OPEN} is the fake's old behaviour and the default; the other two answer as real PMS does — an unknown
 * token 401, the owner everything — and differ in how a shared (non-Home) user finds Live TV hidden, which is not
 * known for certain of real servers.
 */
public enum LiveTvAccess {
    /** Every caller gets the DVRs and Live TV providers, token or not. */
    OPEN,
    /** A shared user gets 403. */
    SHARED_USER_FORBIDDEN,
    /** A shared user gets 200 with no DVRs and only the library provider. */
    SHARED_USER_EMPTY
}
