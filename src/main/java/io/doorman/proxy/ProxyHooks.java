package io.doorman.proxy;

/**
 * What the engine calls out to: the policy seam, the exchange listener, and the redactor the access log
 * uses. {@code cli} wires the implementations.
 */
public record ProxyHooks(RequestPolicy requestPolicy, ResponsePolicy responsePolicy, ExchangeListener listener,
        TargetRedactor redactor) {

    /** Pass everything through; the given redactor for access logs. */
    public static ProxyHooks passThrough(TargetRedactor redactor) {
        return new ProxyHooks(RequestPolicy.PASS_THROUGH, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE, redactor);
    }

    /** These hooks with {@code extra} told of every finished exchange too, after the current listener. */
    public ProxyHooks alsoTelling(ExchangeListener extra) {
        ExchangeListener first = listener;
        ExchangeListener both = first == ExchangeListener.NONE ? extra : (request, attachment, outcome) -> {
            try {
                first.onComplete(request, attachment, outcome);
            } finally {
                extra.onComplete(request, attachment, outcome);
            }
        };
        return new ProxyHooks(requestPolicy, responsePolicy, both, redactor);
    }
}
