package io.doorman.console;

import java.util.Map;

/**
 * A console API call that cannot be answered as asked: the status, a message for a person, and the field at fault
 * (the JSON key, for the UI to put the message beside it) when there is one. Never holds a token or a password.
 */
public final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;
    private final transient Map<String, String> headers;

    public ApiError(int status, String message) {
        this(status, message, null, Map.of());
    }

    public ApiError(int status, String message, String field, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    /** 400 naming the field. */
    public static ApiError badField(String field, String message) {
        return new ApiError(400, message, field, Map.of());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public int status() {
        return status;
    }

    /** The JSON key at fault, or null. */
    public String field() {
        return field;
    }

    /** Extra response headers ({@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }
}
