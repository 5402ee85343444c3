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
}
