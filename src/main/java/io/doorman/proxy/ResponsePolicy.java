package io.doorman.proxy;

/** Decides, from the response head, whether a response streams untouched or has its small body transformed. */
@FunctionalInterface
public interface ResponsePolicy {

    /** Stream every response untouched. */
    ResponsePolicy STREAM_ALL = (request, attachment, response) -> ResponseAction.STREAM;

    /**
     * Asked only for requests for which {@link #mayTransform} answered true.
     *
     * @param request    the request as the client sent it
     * @param attachment the attachment of the request's {@link RequestDecision.Forward}
     * @param response   the upstream response head
     */
    ResponseAction onResponse(RequestHead request, Object attachment, ResponseHead response);

    /**
     * Whether any response to this request could be transformed. When not, the engine streams the response
     * without describing its head to {@link #onResponse} (no header copy on the hot path).
     */
    default boolean mayTransform(RequestHead request) {
        return true;
    }
}
