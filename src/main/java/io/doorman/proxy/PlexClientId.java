package io.doorman.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Who a Plex client says it is, read straight from the Netty request head so that the pass-through path needs no
 * {@link RequestHead}.
 *
 * @param identifier the client identifier as sent (see {@link ClientSightingSink#sighted})
 * @param product    the {@code X-Plex-Product} header, or null
 */
record PlexClientId(String identifier, String product) {

    static final String IDENTIFIER = "X-Plex-Client-Identifier";
    private static final AsciiString IDENTIFIER_HEADER = AsciiString.cached("x-plex-client-identifier");
    private static final AsciiString PRODUCT_HEADER = AsciiString.cached("x-plex-product");
    private static final String QUERY_KEY = IDENTIFIER + "=";

    /**
     * The {@code X-Plex-Client-Identifier} header, else the query parameter (Plex Web sends it there); null when the
     * request has neither, or the parameter does not decode. A header, even a blank one, wins over the query.
     */
    static PlexClientId find(HttpHeaders headers, String target) {
        String header = headers.get(IDENTIFIER_HEADER);
        String id = header != null ? header.strip() : fromQuery(target);
        return id == null ? null : new PlexClientId(id, headers.get(PRODUCT_HEADER));
    }

    /** The value of the first query pair whose name is exactly {@code X-Plex-Client-Identifier}, decoded. */
    static String fromQuery(String target) {
        int query = target.indexOf('?');
        if (query < 0) {
            return null;
        }
        int at = target.indexOf(QUERY_KEY, query + 1);
        while (at >= 0 && at != query + 1 && target.charAt(at - 1) != '&') {
            at = target.indexOf(QUERY_KEY, at + 1);
        }
        if (at < 0) {
            return null;
        }
        int from = at + QUERY_KEY.length();
        int end = target.indexOf('&', from);
        try {
            return URLDecoder.decode(target.substring(from, end < 0 ? target.length() : end), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
