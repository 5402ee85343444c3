package io.doorman.frontends;

import java.util.List;

/**
 * A Cloudflare API call that failed: the HTTP status (0 when no answer came) and the error codes of the envelope,
 * with a message that names the call and never holds the API token.
 */
public final class CloudflareApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<Integer> codes;

    CloudflareApiException(int status, List<Integer> codes, String message) {
        super(message);
        this.status = status;
        this.codes = List.copyOf(codes);
    }

    /** The HTTP status, or 0 when Cloudflare could not be reached. */
    public int status() {
        return status;
    }

    /** The {@code errors[].code} values Cloudflare sent (empty when none). */
    public List<Integer> codes() {
        return codes;
    }

    boolean hasCode(int code) {
        return codes.contains(code);
    }
}
