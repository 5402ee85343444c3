package io.doorman.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header hygiene between client and PMS: hop-by-hop headers (RFC 9110 section 7.6.1, plus every header
 * named in {@code Connection}) never cross, in either direction, and the forwarded headers say who the
 * client is — believed from the request only when the peer is a trusted proxy.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString CF_CONNECTING_IP = AsciiString.cached("cf-connecting-ip");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    static final AsciiString VIA = AsciiString.cached("via");
    /** RFC 9110 §7.6.3 entry: what Doorman received from PMS (HTTP/1.1) and its pseudonym. */
    static final AsciiString VIA_DOORMAN = AsciiString.cached("1.1 doorman");

    private ForwardedHeaders() {
    }

    /**
     * Adds Doorman's entry to a response's {@code Via} (after any PMS sent): the doctor tells a front door that
     * reaches Doorman from one that reaches PMS directly by it.
     */
    static void markVia(HttpHeaders headers) {
        headers.add(VIA, VIA_DOORMAN);
    }

    /**
     * Removes hop-by-hop headers in place: the fixed list, any {@code Proxy-*} header, and every name listed
     * in {@code Connection}. Returns whether {@code Connection} carried {@code close}.
     */
    static boolean stripHopByHop(HttpHeaders headers) {
        // One pass to learn which hop-by-hop headers are present (most messages carry none, or only
        // Connection), then remove just those: removing every listed name blindly cost a lookup each.
        boolean close = false;
        boolean connection = false;
        List<CharSequence> strip = null;
        var it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)) {
                connection = true;
                CharSequence value = e.getValue();
                if (AsciiString.contentEqualsIgnoreCase(value, HttpHeaderValues.KEEP_ALIVE)) {
                    continue;
                }
                for (String token : value.toString().split(",")) {
                    String t = token.trim();
                    if (t.isEmpty()) {
                        continue;
                    }
                    if (t.equalsIgnoreCase("close")) {
                        close = true;
                    } else if (!t.equalsIgnoreCase("keep-alive") && !t.equalsIgnoreCase("upgrade")
                            && !isFraming(t)) {
                        strip = add(strip, t);
                    }
                }
            } else if (isHopByHop(name) || isProxyPrefixed(name)) {
                strip = add(strip, name);
            }
        }
        if (connection) {
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        if (strip != null) {
            for (CharSequence n : strip) {
                headers.remove(n);
            }
        }
        return close;
    }

    private static List<CharSequence> add(List<CharSequence> list, CharSequence name) {
        List<CharSequence> l = list == null ? new ArrayList<>(2) : list;
        l.add(name);
        return l;
    }

    /** The fixed hop-by-hop names other than {@code Connection} and the {@code Proxy-*} ones. */
    private static boolean isHopByHop(CharSequence name) {
        return switch (name.length()) {
            case 2 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TE);
            case 7 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRAILER)
                    || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.UPGRADE);
            case 10 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.KEEP_ALIVE);
            case 17 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING);
            default -> false;
        };
    }

    /** Naming these in Connection must not break message framing or routing, so they are never stripped. */
    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length");
    }

    private static boolean isProxyPrefixed(CharSequence name) {
        if (name.length() <= 6) {
            return false;
        }
        char first = name.charAt(0); // a case-insensitive region match on every header name cost more than this
        return (first == 'p' || first == 'P') && AsciiString.regionMatches(name, true, 0, "proxy-", 0, 6);
    }

    /** Whether the request asks to switch to WebSocket ({@code Upgrade: websocket} named in Connection). */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /**
     * Plex Mode's forwarded headers: {@code X-Forwarded-For} and {@code X-Real-IP} are the one client address Doorman
     * resolved (through its trusted proxies), so PMS has no list to pick from; {@code X-Forwarded-Proto} is the
     * trusted frontend's ({@code https} when it terminated TLS), else {@code http}.
     */
    static void applySingleForwarded(HttpHeaders headers, boolean peerTrusted, String clientText) {
        headers.set(X_FORWARDED_FOR, clientText);
        headers.set(X_REAL_IP, clientText);
        String proto = peerTrusted ? headers.get(X_FORWARDED_PROTO) : null;
        headers.set(X_FORWARDED_PROTO, "https".equalsIgnoreCase(proto == null ? null : proto.strip()) ? "https" : "http");
        keepOrSetForwardedHost(headers, peerTrusted);
        headers.remove(CF_CONNECTING_IP);
        headers.remove(FORWARDED);
    }

    /** A trusted frontend's {@code X-Forwarded-Host} stays; otherwise it is the request's {@code Host}. */
    private static void keepOrSetForwardedHost(HttpHeaders headers, boolean peerTrusted) {
        if (peerTrusted && headers.contains(X_FORWARDED_HOST)) {
            return;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
    }

    /** Removes every header that names the client's address. */
    static void removeClientAddress(HttpHeaders headers) {
        headers.remove(X_FORWARDED_FOR);
        headers.remove(X_REAL_IP);
        headers.remove(CF_CONNECTING_IP);
        headers.remove(FORWARDED);
    }

    /**
     * Sets the forwarded headers on a request bound upstream. From a trusted peer the incoming values are
     * kept and the peer appended to {@code X-Forwarded-For}; from anyone else the client's claims are
     * replaced by what Doorman saw (a spoofed LAN address must not make PMS treat a remote client as local).
     */
    static void applyForwarded(HttpHeaders headers, String peerText, boolean peerTrusted, String clientText,
            String incomingXff) {
        if (peerTrusted && incomingXff != null && !incomingXff.isBlank()) {
            headers.set(X_FORWARDED_FOR, incomingXff + ", " + peerText);
        } else {
            headers.set(X_FORWARDED_FOR, peerText);
        }
        if (!peerTrusted || !headers.contains(X_REAL_IP)) {
            headers.set(X_REAL_IP, clientText);
        }
        if (!peerTrusted || !headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, "http");
        }
        keepOrSetForwardedHost(headers, peerTrusted);
        if (!peerTrusted) {
            headers.remove(CF_CONNECTING_IP);
            headers.remove(FORWARDED);
        }
    }
}
