package io.doorman.console.auth;

import io.doorman.store.ConsoleSessionStore;
import io.doorman.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Console login sessions: random ids (32 bytes, base64url) and CSRF tokens, kept in the store by the id's
 * hash; they end after 12 hours unused or 7 days after login. Also builds the {@code doorman_session} cookie.
 */
public final class ConsoleSessions {

    /** The session cookie's name. */
    public static final String COOKIE_NAME = "doorman_session";
    /** A session unused this long ends. */
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
    /** A session ends this long after login, however used. */
    public static final Duration LIFETIME = Duration.ofDays(7);

    /** 32 bytes in unpadded base64url. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ConsoleSessionStore store;
    private final Clock clock;
    private final SecureRandom random;

    public ConsoleSessions(ConsoleSessionStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** Starts a new session (and drops ended ones while at it). */
    public ConsoleSession create() {
        Instant now = clock.instant();
        store.deleteExpired(now);
        String id = randomToken();
        return toSession(id, store.create(id, randomToken(), now, IDLE_TIMEOUT, LIFETIME));
    }

    /** The live session whose id is this cookie value, marking it used; empty when unknown, ended or malformed. */
    public Optional<ConsoleSession> find(String sessionId) {
        if (sessionId == null || !TOKEN_SHAPE.matcher(sessionId).matches()) {
            return Optional.empty();
        }
        return store.find(sessionId, clock.instant()).map(s -> toSession(sessionId, s));
    }

    /** Ends the session with this cookie value, if any. */
    public void logout(String sessionId) {
        if (sessionId != null && TOKEN_SHAPE.matcher(sessionId).matches()) {
            store.delete(sessionId);
        }
    }

    /** Whether {@code header} (the {@code X-CSRF-Token} value) is this session's token, in constant time. */
    public static boolean csrfMatches(ConsoleSession session, String header) {
        if (session == null || header == null || header.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code Set-Cookie} value for this session: a browser-session cookie, HttpOnly, SameSite=Strict, Path=/,
     * and Secure when the request came over https.
     */
    public static String setCookie(ConsoleSession session, boolean secure) {
        return COOKIE_NAME + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    public static String clearCookie(boolean secure) {
        return COOKIE_NAME + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
    }

    /**
     * The {@code doorman_session} value in a {@code Cookie} request header (several cookies may share it);
     * empty when absent. When the header carries it more than once the first well-formed one wins.
     */
    public static Optional<String> sessionIdFromCookieHeader(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : cookieHeader.split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !pair.substring(0, eq).trim().equals(COOKIE_NAME)) {
                continue;
            }
            String value = pair.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (TOKEN_SHAPE.matcher(value).matches()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static ConsoleSession toSession(String id, StoredSession s) {
        return new ConsoleSession(id, s.csrfToken(), s.created(), s.idleExpiry(), s.absoluteExpiry());
    }
}
