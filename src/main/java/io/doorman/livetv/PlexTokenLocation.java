package io.doorman.livetv;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a request carries its Plex token, and how elevation swaps it. The token is the query parameter
 * {@code X-Plex-Token} (exact name) when present, else the {@code X-Plex-Token} header — unless
 * {@code Connection} names that header: a hop-by-hop header is never a credential.
 */
public final class PlexTokenLocation {

    public static final String NAME = "X-Plex-Token";

    private PlexTokenLocation() {
    }

    /** The inbound token, or the empty string when there is none. */
    public static String inboundToken(String rawQuery, Function<String, String> header) {
        return inboundToken(GoUrlDecoding.parseQuery(rawQuery), header);
    }

    /** As {@link #inboundToken(String, Function)}, with the query already parsed. */
    static String inboundToken(List<Map.Entry<String, String>> query, Function<String, String> header) {
        String q = GoUrlDecoding.first(query, NAME).trim();
        if (!q.isEmpty()) {
            return q;
        }
        String h = header.apply(NAME);
        if (h == null || h.isBlank() || namedInConnection(header.apply("Connection"))) {
            return "";
        }
        return h.trim();
    }

    private static boolean namedInConnection(String connection) {
        if (connection == null) {
            return false;
        }
        for (String t : connection.split(",")) {
            if (t.trim().toLowerCase(Locale.ROOT).equals("x-plex-token")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The raw query with every {@code X-Plex-Token} value replaced by {@code token} (URL-encoded); other
     * bytes are kept exactly as sent.
     */
    public static String replaceInQuery(String rawQuery, String token) {
        return replaceInQueryEncoded(rawQuery, URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** As {@link #replaceInQuery}, with the token already URL-encoded (the owner's is encoded once). */
    static String replaceInQueryEncoded(String rawQuery, String encoded) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return rawQuery;
        }
        StringBuilder out = new StringBuilder(rawQuery.length() + encoded.length());
        String[] pairs = rawQuery.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            String key = GoUrlDecoding.queryUnescape(eq < 0 ? pair : pair.substring(0, eq));
            if (NAME.equals(key)) {
                out.append(eq < 0 ? pair : pair.substring(0, eq)).append('=').append(encoded);
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }

    /** Whether the raw query names {@code X-Plex-Token} at all. */
    public static boolean inQuery(String rawQuery) {
        return inQuery(GoUrlDecoding.parseQuery(rawQuery));
    }

    /** As {@link #inQuery(String)}, with the query already parsed. */
    static boolean inQuery(List<Map.Entry<String, String>> query) {
        return query.stream().anyMatch(e -> e.getKey().equals(NAME));
    }
}
