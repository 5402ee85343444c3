package io.doorman.proxy;

import java.util.List;

/** A {@link RequestPolicy}'s answer about one request. */
public sealed interface RequestDecision {

    /** Forward unchanged, with no attachment: the pass-through answer. */
    Forward FORWARD = new Forward(null, List.of(), null);

    /**
     * Forward upstream.
     *
     * @param target     a new raw target, or null to keep the client's
     * @param edits      header changes applied after Doorman's own hop-by-hop and forwarded-header handling:
     *                   a {@link Header} with a null value removes that name, otherwise it replaces all values
     * @param attachment anything the policy wants back in its {@link ResponsePolicy} and {@link ExchangeListener}
     */
    record Forward(String target, List<Header> edits, Object attachment) implements RequestDecision {
        public Forward {
            edits = List.copyOf(edits);
        }
    }

    /**
     * Answer the client without contacting upstream.
     *
     * @param status  HTTP status
     * @param headers response headers (Content-Length is set by the engine)
     * @param body    small body
     * @param attachment passed to the {@link ExchangeListener}
     */
    record Respond(int status, List<Header> headers, byte[] body, Object attachment) implements RequestDecision {
        public Respond {
            headers = List.copyOf(headers);
        }

        /** A plain-text answer. */
        public static Respond text(int status, String text) {
            return new Respond(status, List.of(new Header("Content-Type", "text/plain; charset=utf-8")),
                    (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        }
    }

    /**
     * Read the body first, up to {@code maxBytes}, then ask again with it. The body is then forwarded
     * intact. Asking again for the body on the second call is treated as {@link #FORWARD}.
     */
    record NeedBody(int maxBytes) implements RequestDecision {
    }
}
