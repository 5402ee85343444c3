package io.doorman.proxy;

/** Told once when each request has finished (answered, failed or abandoned), off nothing: keep it quick. */
@FunctionalInterface
public interface ExchangeListener {

    /** Does nothing. */
    ExchangeListener NONE = (request, attachment, outcome) -> { };

    /**
     * @param request    the request head
     * @param attachment the policy's attachment, or null
     * @param outcome    how it ended
     */
    void onComplete(RequestHead request, Object attachment, ExchangeOutcome outcome);

    /**
     * How an exchange ended.
     *
     * @param status        status sent to the client (0 when none was sent)
     * @param bytesSent     response body bytes sent to the client
     * @param bytesReceived request body bytes received from the client
     * @param durationNanos from request head to last byte
     * @param error         null, or a short reason when the exchange failed or was cut
     */
    record ExchangeOutcome(int status, long bytesSent, long bytesReceived, long durationNanos, String error) {
    }
}
