package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What a console handler answers: a whole body, or a body streamed as it is produced (ndjson, SSE). */
public sealed interface ApiResponse {

    int status();

    Map<String, String> headers();

    /** A JSON body. */
    record Json(int status, JsonNode body, Map<String, String> headers) implements ApiResponse {
        public Json(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    /** No body (204, or a 200 that only sets a cookie). */
    record Empty(int status, Map<String, String> headers) implements ApiResponse {
    }

    /** Bytes of a given type (the UI's static files). */
    record Bytes(int status, String contentType, byte[] body, Map<String, String> headers) implements ApiResponse {
    }

    /**
     * A body written piece by piece by {@code producer}, on its own virtual thread, until it returns or the client
     * goes away ({@link Sink#send} then answers false).
     */
    record Streamed(String contentType, Producer producer, Map<String, String> headers) implements ApiResponse {
        @Override
        public int status() {
            return 200;
        }
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    interface Producer {
        void produce(Sink sink) throws InterruptedException;
    }

    /** Where a streamed body goes. */
    interface Sink {
        /** Sends one piece and waits until the client can take more; false once the client has gone. */
        boolean send(String text) throws InterruptedException;
    }
}
