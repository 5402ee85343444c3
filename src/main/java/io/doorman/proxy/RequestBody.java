package io.doorman.proxy;

/**
 * The start of a request body that a {@link RequestPolicy} asked for.
 *
 * @param bytes    the bytes read, at most the limit asked for
 * @param complete true when {@code bytes} is the whole body; false when the body is longer than the limit
 */
public record RequestBody(byte[] bytes, boolean complete) {

    /** A request without a body. */
    public static final RequestBody EMPTY = new RequestBody(new byte[0], true);
}
