package io.doorman.frontends;

/** A call to Caddy's admin API failed; the message names the admin URL, the call and Caddy's own error text. */
public final class CaddyAdminException extends Exception {

    public CaddyAdminException(String message) {
        super(message);
    }

    public CaddyAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
