package io.doorman.console.auth;

import java.time.Instant;

/**
 * A logged-in console session: {@code id} is the cookie value and {@code csrfToken} the value the browser must
 * echo in {@code X-CSRF-Token}. Neither appears in {@link #toString()}.
 */
public record ConsoleSession(String id, String csrfToken, Instant created, Instant idleExpiry,
        Instant absoluteExpiry) {

    @Override
    public String toString() {
        return "ConsoleSession[created=" + created + ", idleExpiry=" + idleExpiry + ", absoluteExpiry="
                + absoluteExpiry + "]";
    }
}
