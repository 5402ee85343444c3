package io.doorman.console.auth;

/**
 * What {@code GET /api/session} answers: whether the caller is logged in, its CSRF token ({@code ""} when not)
 * and whether the admin still has to be set up.
 */
public record AuthStatus(boolean authenticated, String csrfToken, boolean setupRequired) {

    @Override
    public String toString() {
        return "AuthStatus[authenticated=" + authenticated + ", setupRequired=" + setupRequired + "]";
    }
}
