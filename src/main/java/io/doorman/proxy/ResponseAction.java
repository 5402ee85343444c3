package io.doorman.proxy;

import java.util.List;

/** A {@link ResponsePolicy}'s answer about one response. */
public sealed interface ResponseAction {

    /** Stream the response untouched. */
    Stream STREAM = new Stream();

    /** Stream the response untouched. */
    record Stream() implements ResponseAction {
    }

    /**
     * Collect the body, up to {@code maxBytes}, and pass it through {@code transform}. A body longer than
     * the limit (declared or discovered while reading) streams untouched instead, and so does a response
     * whose transform throws.
     */
    record Transform(int maxBytes, BodyTransform transform) implements ResponseAction {
    }

    /** Rewrites a small response body. Runs on the I/O thread: keep it quick. */
    @FunctionalInterface
    interface BodyTransform {
        /**
         * @return the new body and header edits (Content-Length is set by the engine), or null to send the
         *     original body unchanged
         */
        Transformed apply(ResponseHead head, byte[] body);
    }

    /** A transformed body and header edits (a null value removes a header). */
    record Transformed(byte[] body, List<Header> edits) {
        public Transformed {
            edits = List.copyOf(edits);
        }
    }
}
