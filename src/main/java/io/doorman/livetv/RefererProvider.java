package io.doorman.livetv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Finds which XMLTV guide provider a Plex Web page is showing from the request's {@code Referer}, so the
 * server identity can be spoofed with that provider's label.
 */
public final class RefererProvider {

    private RefererProvider() {
    }

    /**
     * The provider identifier ({@code tv.plex.providers.epg.xmltv:<id>}) the Referer names: in its path, else
     * in its fragment (Plex Web routes there, e.g. {@code #!/media/<server>/tv.plex.providers.epg.xmltv%3A2/…}),
     * else in a {@code provider=} parameter of its query or its fragment's query; null when none or on junk.
     */
    public static String identifier(String referer) {
        if (referer == null || referer.isBlank()) {
            return null;
        }
        String rest = referer.strip();
        int hash = rest.indexOf('#');
        String fragment = hash < 0 ? "" : rest.substring(hash + 1);
        rest = hash < 0 ? rest : rest.substring(0, hash);
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question + 1);
        String path = path(question < 0 ? rest : rest.substring(0, question));

        String found = inPath(path);
        if (found == null) {
            found = inPath(decoded(path));
        }
        if (found == null) {
            found = inText(decoded(fragment));
        }
        if (found == null) {
            found = providerParameter(query);
        }
        if (found == null) {
            int fragmentQuery = fragment.indexOf('?');
            found = fragmentQuery < 0 ? null : providerParameter(fragment.substring(fragmentQuery + 1));
        }
        return found;
    }

    /** The path of an absolute or scheme-relative URL; a relative reference is all path. */
    private static String path(String url) {
        int authority = url.indexOf("://");
        if (authority >= 0) {
            authority += 3;
        } else if (url.startsWith("//")) {
            authority = 2;
        } else {
            return url;
        }
        int slash = url.indexOf('/', authority);
        return slash < 0 ? "" : url.substring(slash);
    }

    /** A provider path at any segment boundary, since Plex Web may be served below a prefix such as /web. */
    private static String inPath(String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String identifier = ProviderPaths.identifier(path.substring(slash));
            if (identifier != null) {
                return identifier;
            }
        }
        return null;
    }

    /** The first {@code tv.plex.providers.epg.xmltv:<digits>} in free text such as a decoded fragment. */
    private static String inText(String text) {
        String prefix = ProviderPaths.IDENTIFIER_PREFIX;
        for (int at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
            int end = at + prefix.length();
            while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            if (end > at + prefix.length()) {
                return text.substring(at, end);
            }
        }
        return null;
    }

    private static String providerParameter(String rawQuery) {
        for (Map.Entry<String, String> pair : GoUrlDecoding.parseQuery(rawQuery)) {
            if (pair.getKey().equals("provider")) {
                String value = pair.getValue().strip();
                return value.equals(ProviderPaths.identifier("/" + value)) ? value : null;
            }
        }
        return null;
    }

    /**
     * Path-style decoding ({@code +} kept) that leaves a malformed escape as it is instead of giving up, so one
     * stray {@code %} elsewhere in a long Plex Web route does not hide the provider.
     */
    private static String decoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = in[i] == '%' && i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(in[i + 2], 16);
            if (lo < 0) {
                out.write(in[i]);
            } else {
                out.write(hi << 4 | lo);
                i += 2;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
