package io.doorman.livetv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * URL decoding with the exact acceptance rules of Go's {@code net/url} ({@code QueryUnescape},
 * {@code PathUnescape}, {@code ParseQuery}): a malformed escape is an error, not a guess, so a request the
 * Go tool would not read as Live TV evidence is not read as such here either.
 */
final class GoUrlDecoding {

    private GoUrlDecoding() {
    }

    /** {@code QueryUnescape}: {@code %XX} and {@code +} as space; null when an escape is malformed. */
    static String queryUnescape(String s) {
        return unescape(s, true);
    }

    /** {@code PathUnescape}: {@code %XX} only, {@code +} kept; null when an escape is malformed. */
    static String pathUnescape(String s) {
        return unescape(s, false);
    }

    private static String unescape(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                if (i + 2 >= in.length) {
                    return null;
                }
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code ParseQuery}: pairs split on {@code &}, key and value query-unescaped; a pair containing
     * {@code ;} or a malformed escape is skipped, as Go skips it. Order and duplicates are kept.
     */
    static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.indexOf(';') >= 0) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = queryUnescape(eq < 0 ? pair : pair.substring(0, eq));
            String v = queryUnescape(eq < 0 ? "" : pair.substring(eq + 1));
            if (k == null || v == null) {
                continue;
            }
            out.add(Map.entry(k, v));
        }
        return out;
    }

    /** The first value of {@code key} (exact name), or the empty string, like Go's {@code Values.Get}. */
    static String first(List<Map.Entry<String, String>> params, String key) {
        for (Map.Entry<String, String> e : params) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return "";
    }
}
