package io.doorman.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link RequestPolicy} sees of a request: plain values, no Netty types.
 *
 * @param method     request method as sent ({@code GET}, {@code POST}, ...)
 * @param target     raw request target, still URL-encoded, with query ({@code /library/sections?X-Plex-Token=...})
 * @param headers    request headers as received, in order, hop-by-hop ones included
 * @param peer       the direct TCP peer
 * @param client     the client address Doorman believes (forwarded headers only from trusted proxies)
 * @param local      whether {@code client} is inside the configured LAN networks
 * @param peerTrusted whether the direct peer is a trusted proxy
 * @param route      the route the request takes (its {@link Route#policyTag()} tells a policy which host it is)
 */
public record RequestHead(String method, String target, List<Header> headers, InetSocketAddress peer,
        InetAddress client, boolean local, boolean peerTrusted, Route route) {

    /** The first value of a header, or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Every value of a header, in order. */
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** The path part of the target (before {@code ?}), still encoded. */
    public String rawPath() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query part of the target (after {@code ?}), still encoded, or the empty string. */
    public String rawQuery() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }
}
