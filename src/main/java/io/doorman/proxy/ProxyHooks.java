package io.doorman.proxy;

/**
 * What the engine calls out to: the policy seam, the exchange listener, the client sighting sink, and the
 * redactor the access log uses. {@code cli} wires the implementations.
 */
public record ProxyHooks(RequestPolicy requestPolicy, ResponsePolicy responsePolicy, ExchangeListener listener,
        TargetRedactor redactor, ClientSightingSink sightings) {

    /** These hooks without a sighting sink. */
    public ProxyHooks(RequestPolicy requestPolicy, ResponsePolicy responsePolicy, ExchangeListener listener,
            TargetRedactor redactor) {
        this(requestPolicy, responsePolicy, listener, redactor, ClientSightingSink.NONE);
    }

    /** Pass everything through; the given redactor for access logs. */
    public static ProxyHooks passThrough(TargetRedactor redactor) {
        return new ProxyHooks(RequestPolicy.PASS_THROUGH, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE, redactor);
    }

    /**
     * These hooks with {@code extra} told of every request that names its Plex client too, after the current sink.
     * Unlike a listener, a sink leaves pass-through hooks on the engine's fast path.
     */
    public ProxyHooks alsoTelling(ClientSightingSink extra) {
        ClientSightingSink first = sightings;
        ClientSightingSink both = first == ClientSightingSink.NONE ? extra : (id, product, client, lan) -> {
            try {
                first.sighted(id, product, client, lan);
            } finally {
                extra.sighted(id, product, client, lan);
            }
        };
        return new ProxyHooks(requestPolicy, responsePolicy, listener, redactor, both);
    }
}
