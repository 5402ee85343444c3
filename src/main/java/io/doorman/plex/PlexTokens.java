package io.doorman.plex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Token fingerprints and redaction: the only way a Plex token may be identified in a log, a metric or an
 * error. A fingerprint is {@code sha256:} and the first 16 hex digits of the token's SHA-256, as the
 * runbook's audit lines print it ({@code token_fp=}).
 */
public final class PlexTokens {

    /** What a missing token prints as. */
    public static final String MISSING = "missing";

    /** The parameter name, matched in any ASCII case. */
    private static final String TOKEN_NAME = "x-plex-token";

    private PlexTokens() {
    }

    /** {@code sha256:<16 hex>} of the value, or {@code missing} for null/empty. */
    public static String fingerprint(String token) {
        if (token == null || token.isEmpty()) {
            return MISSING;
        }
        return "sha256:" + sha256Hex(token).substring(0, 16);
    }

    /** The fingerprint for a token whose full hex SHA-256 is already known. */
    public static String fingerprintOfHash(String sha256Hex) {
        return "sha256:" + sha256Hex.substring(0, 16);
    }

    /** Full lowercase hex SHA-256 of a string (cache keys, never printed). */
    public static String sha256Hex(String value) {
        // A client sends request after request with the same token: each thread remembers its last answer.
        String[] last = LAST_HASH.get();
        if (value.equals(last[0])) {
            return last[1];
        }
        MessageDigest md = SHA256.get();
        md.reset();
        String hex = HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
        last[0] = value;
        last[1] = hex;
        return hex;
    }

    /** Per thread: the last value hashed and its hex digest (held in memory only, as the request itself is). */
    private static final ThreadLocal<String[]> LAST_HASH = ThreadLocal.withInitial(() -> new String[2]);

    /** One digest per thread: looking up the provider costs more than hashing a token. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    });

    /**
     * The request target with every token value replaced by its fingerprint; other bytes unchanged. A value
     * follows {@code X-Plex-Token=} in a query, also URL-encoded once or twice inside another parameter
     * ({@code X-Plex-Token%3Dvalue}, {@code X-Plex-Token%253Dvalue}, as in transcode URLs), and ends before the
     * next {@code &}, {@code %26}, {@code %2526}, {@code #} or whitespace. The name and the escapes match in any
     * ASCII case.
     */
    public static String redactTarget(String target) {
        if (target == null) {
            return null;
        }
        // Scanned by hand: this runs for every access-log line, and the regular expression it replaces cost
        // about 0.9 us a line that carries a token (measured: more than half of the log writer's time at full load).
        int at = nextToken(target, 0);
        if (at < 0) {
            return target;
        }
        StringBuilder sb = new StringBuilder(target.length() + 16);
        int copied = 0;
        while (at >= 0) {
            int nameEnd = at + TOKEN_NAME.length();
            int valueStart = nameEnd + separatorLength(target, nameEnd);
            int valueEnd = valueEnd(target, valueStart);
            sb.append(target, copied, valueStart).append(fingerprint(target.substring(valueStart, valueEnd)));
            copied = valueEnd;
            at = nextToken(target, valueEnd);
        }
        return sb.append(target, copied, target.length()).toString();
    }

    /** Where the next token name followed by a separator starts, from {@code from} on; -1 when there is none. */
    private static int nextToken(String s, int from) {
        for (int i = from, last = s.length() - TOKEN_NAME.length() - 1; i <= last; i++) {
            if ((s.charAt(i) | 0x20) == 'x' && startsWithAscii(s, i, TOKEN_NAME)
                    && separatorLength(s, i + TOKEN_NAME.length()) > 0) {
                return i;
            }
        }
        return -1;
    }

    /** The length of {@code =}, {@code %3D} or {@code %253D} at {@code i}, else 0. */
    private static int separatorLength(String s, int i) {
        if (i < s.length() && s.charAt(i) == '=') {
            return 1;
        }
        if (startsWithAscii(s, i, "%3d")) {
            return 3;
        }
        return startsWithAscii(s, i, "%253d") ? 5 : 0;
    }

    /** Where a value starting at {@code i} ends: before a separator of parameters, a fragment or whitespace. */
    private static int valueEnd(String s, int i) {
        int n = s.length();
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '&' || c == '#' || c == ' ' || (c >= '\t' && c <= '\r')) {
                return i;
            }
            if (c == '%' && (startsWithAscii(s, i, "%26") || startsWithAscii(s, i, "%2526"))) {
                return i;
            }
            if (i == n - 1 && (c == '\u0085' || c == '\u2028' || c == '\u2029')) {
                return i; // a line terminator ending the target ends the value too, as the pattern's $ did
            }
        }
        return n;
    }

    /** Whether {@code s} has {@code lower} (lowercase ASCII) at {@code i}, in any ASCII case. */
    private static boolean startsWithAscii(String s, int i, String lower) {
        if (i + lower.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            char c = s.charAt(i + k);
            char want = lower.charAt(k);
            if (c != want && !(want >= 'a' && want <= 'z' && c == want - 32)) {
                return false;
            }
        }
        return true;
    }
}
