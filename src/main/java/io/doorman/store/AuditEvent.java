package io.doorman.store;

import java.time.Instant;

/**
 * One security audit event as the console shows it, {@code occurrences} times over (identical events that came
 * together are kept as one). Never holds a token: {@code tokenFp} must be a fingerprint ({@code sha256:} + hex) or
 * {@code missing}, and anything after {@code ?} in {@code path} is dropped.
 */
public record AuditEvent(Instant time, String outcome, String tokenFp, String source, String method, String path,
        long occurrences) {

    /** A single event. */
    public AuditEvent(Instant time, String outcome, String tokenFp, String source, String method, String path) {
        this(time, outcome, tokenFp, source, method, path, 1);
    }

    private static final int MAX_TEXT = 2048;

    public AuditEvent {
        if (time == null) {
            throw new IllegalArgumentException("time must be given");
        }
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("outcome must be given");
        }
        if (occurrences < 1) {
            throw new IllegalArgumentException("occurrences must be at least 1");
        }
        tokenFp = tokenFp == null || tokenFp.isEmpty() ? "missing" : tokenFp;
        if (!isFingerprint(tokenFp)) {
            // The value is not quoted: it may be the raw token this check exists to keep out.
            throw new IllegalArgumentException("tokenFp must be a token fingerprint (sha256:<hex>) or \"missing\"");
        }
        source = clip(source);
        method = clip(method);
        path = clip(withoutQuery(path));
    }

    private static boolean isFingerprint(String fp) {
        if (fp.equals("missing")) {
            return true;
        }
        if (!fp.startsWith("sha256:") || fp.length() < 8 || fp.length() > 7 + 64) {
            return false;
        }
        for (int i = 7; i < fp.length(); i++) {
            char ch = fp.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String withoutQuery(String path) {
        if (path == null) {
            return "";
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
