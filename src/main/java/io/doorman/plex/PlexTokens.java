package io.doorman.plex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token fingerprints and redaction: the only way a Plex token may be identified in a log, a metric or an
 * error. A fingerprint is {@code sha256:} and the first 16 hex digits of the token's SHA-256, as the
 * runbook's audit lines print it ({@code token_fp=}).
 */
public final class PlexTokens {

    /** What a missing token prints as. */
    public static final String MISSING = "missing";

    /**
     * {@code X-Plex-Token=value} in a query, also when it sits URL-encoded (once or twice) inside another
     * parameter ({@code X-Plex-Token%3Dvalue}, {@code X-Plex-Token%253Dvalue}), as in transcode URLs.
     */
    private static final Pattern TOKEN_IN_TARGET = Pattern.compile(
            "(?i)(x-plex-token(?:=|%3d|%253d))([^&#\\s]*?)(?=&|%26|%2526|#|\\s|$)");

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

    /** The request target with every token value replaced by its fingerprint; other bytes unchanged. */
    public static String redactTarget(String target) {
        if (target == null || target.isEmpty()) {
            return target;
        }
        // Cheap check first: most targets carry no token text at all.
        if (!containsIgnoreCase(target, "x-plex-token")) {
            return target;
        }
        Matcher m = TOKEN_IN_TARGET.matcher(target);
        StringBuilder sb = new StringBuilder(target.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + fingerprint(m.group(2))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static boolean containsIgnoreCase(String haystack, String needle) {
        int n = needle.length();
        for (int i = 0; i + n <= haystack.length(); i++) {
            if (haystack.regionMatches(true, i, needle, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
