package io.doorman.testkit;

import io.doorman.plex.PlexTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the fake PMS received it: raw request line parts, headers in arrival order, and a digest of
 * the body (length, SHA-256, first 64 KiB).
 *
 * @param sawExpectContinue the request carried {@code Expect: 100-continue} and the fake answered it with
 *     {@code 100 Continue} before reading the body
 * @param remotePort the peer's port for the connection that carried it (the proxy's upstream socket)
 * @param connectionId the fake's number for that connection, increasing from 1 per accepted connection
 * @param receivedAt when the first byte of the request head was read
 */
public record RecordedRequest(
        String method,
        String target,
        String version,
        List<Map.Entry<String, String>> headers,
        long bodyLength,
        String bodySha256,
        byte[] bodyPrefix,
        boolean sawExpectContinue,
        int remotePort,
        int connectionId,
        Instant receivedAt) {

    /** How much of a body is kept for assertions. */
    public static final int BODY_PREFIX_LIMIT = 64 * 1024;

    public RecordedRequest {
        headers = List.copyOf(headers);
    }

    /** First value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return HttpWire.first(headers, name);
    }

    /** Every value of header {@code name} (case-insensitive), in order. */
    public List<String> headers(String name) {
        return HttpWire.all(headers, name);
    }

    /** The target's path: without query, and without scheme and authority if it came in absolute form. */
    public String path() {
        String t = target;
        int scheme = t.indexOf("://");
        if (scheme > 0 && !t.startsWith("/")) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** The raw query (after '?'), or null. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** First value of query parameter {@code name} (exact name, URL-decoded), or null. */
    public String queryParam(String name) {
        String query = query();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The kept body prefix as UTF-8 text. */
    public String bodyText() {
        return new String(bodyPrefix, StandardCharsets.UTF_8);
    }

    /** Whether it asks the server to switch protocols ({@code Upgrade}, {@code HTTP2-Settings}, {@code Connection: upgrade}). */
    public boolean asksToUpgrade() {
        return !headers("Upgrade").isEmpty() || !headers("HTTP2-Settings").isEmpty()
                || headers("Connection").stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("upgrade"));
    }

    /** Redacted, so a failing assertion never prints a token (a fake one looks like a real one in a CI log). */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + PlexTokens.redactTarget(target) + " " + version
                + ", conn " + connectionId
                + ", body " + bodyLength + " bytes]";
    }
}
