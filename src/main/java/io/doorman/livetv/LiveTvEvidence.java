package io.doorman.livetv;

import java.util.Locale;

/**
 * Whether a string points at Live TV: lowercased, it contains {@code /livetv/}, {@code tv.plex.xmltv:} or
 * {@code tv.plex.providers.epg.xmltv:}, as sent or after up to four rounds of URL-decoding (query-style,
 * else path-style), stopping when a round changes nothing. So {@code %2Flivetv%2F} and
 * {@code %252Flivetv%252F} count too.
 */
public final class LiveTvEvidence {

    private static final String[] MARKERS = {"/livetv/", "tv.plex.xmltv:", "tv.plex.providers.epg.xmltv:"};
    private static final int MAX_DECODE_ROUNDS = 4;

    private LiveTvEvidence() {
    }

    /** True when {@code s} (possibly encoded) names a Live TV path or provider. */
    public static boolean in(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        String cur = s;
        for (int round = 0; ; round++) {
            if (containsMarker(cur)) {
                return true;
            }
            if (round == MAX_DECODE_ROUNDS) {
                return false;
            }
            String next = GoUrlDecoding.queryUnescape(cur);
            if (next == null) {
                next = GoUrlDecoding.pathUnescape(cur);
            }
            if (next == null || next.equals(cur)) {
                return false;
            }
            cur = next;
        }
    }

    private static boolean containsMarker(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        for (String m : MARKERS) {
            if (lower.contains(m)) {
                return true;
            }
        }
        return false;
    }
}
