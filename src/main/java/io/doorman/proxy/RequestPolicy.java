package io.doorman.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides what happens to a request before it is forwarded. Called on the I/O thread: an implementation
 * must not block; slow work (a token check) returns an incomplete stage, and the engine resumes when it
 * completes. A stage that completes exceptionally answers the client {@code 500}.
 */
@FunctionalInterface
public interface RequestPolicy {

    /** Forward everything unchanged. */
    RequestPolicy PASS_THROUGH = new RequestPolicy() {
        private final CompletableFuture<RequestDecision> forward = CompletableFuture.completedFuture(RequestDecision.FORWARD);

        @Override
        public CompletionStage<RequestDecision> decide(RequestHead head, RequestBody body) {
            return forward;
        }
    };

    /**
     * @param head the request head
     * @param body null on the first call; the body start when a previous call answered {@link RequestDecision.NeedBody}
     */
    CompletionStage<RequestDecision> decide(RequestHead head, RequestBody body);
}
