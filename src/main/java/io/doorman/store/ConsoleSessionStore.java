package io.doorman.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Console login sessions. Callers pass the raw session id (the cookie value); only its SHA-256 is stored, so a
 * copy of the database cannot be turned back into a cookie.
 */
public final class ConsoleSessionStore {

    private final Store store;

    ConsoleSessionStore(Store store) {
        this.store = store;
    }

    /** Stores a new session that ends after {@code idleTimeout} unused or {@code lifetime} after now. */
    public StoredSession create(String sessionId, String csrfToken, Instant now, Duration idleTimeout,
            Duration lifetime) {
        if (csrfToken == null || csrfToken.isEmpty()) {
            throw new IllegalArgumentException("csrfToken must not be empty");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session timeouts must be positive");
        }
        StoredSession s = new StoredSession(idSha256(sessionId), csrfToken, now, now, idleTimeout, now.plus(lifetime));
        store.run("store a console session", c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO console_session (id_sha256, csrf_token,"
                    + " created_ms, last_seen_ms, idle_timeout_ms, absolute_expires_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
                st.setString(1, s.idSha256());
                st.setString(2, s.csrfToken());
                st.setLong(3, s.created().toEpochMilli());
                st.setLong(4, s.lastSeen().toEpochMilli());
                st.setLong(5, s.idleTimeout().toMillis());
                st.setLong(6, s.absoluteExpiry().toEpochMilli());
                return st.executeUpdate();
            }
        });
        return s;
    }

    /**
     * The live session with this id, its last-seen time moved to {@code now}; empty when unknown or ended (an
     * ended session is deleted).
     */
    public Optional<StoredSession> find(String sessionId, Instant now) {
        String key = idSha256(sessionId);
        return store.inTransaction("look up a console session", c -> {
            StoredSession found;
            try (PreparedStatement st = c.prepareStatement("SELECT csrf_token, created_ms, last_seen_ms,"
                    + " idle_timeout_ms, absolute_expires_ms FROM console_session WHERE id_sha256 = ?")) {
                st.setString(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredSession>empty();
                    }
                    found = new StoredSession(key, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            Instant.ofEpochMilli(rs.getLong(3)), Duration.ofMillis(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5)));
                }
            }
            if (found.expiredAt(now)) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM console_session WHERE id_sha256 = ?")) {
                    st.setString(1, key);
                    st.executeUpdate();
                }
                return Optional.<StoredSession>empty();
            }
            // Never move last-seen backwards: a clock stepped back must not shorten a live session.
            Instant seen = now.isAfter(found.lastSeen()) ? now : found.lastSeen();
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE console_session SET last_seen_ms = ? WHERE id_sha256 = ?")) {
                st.setLong(1, seen.toEpochMilli());
                st.setString(2, key);
                st.executeUpdate();
            }
            return Optional.of(new StoredSession(key, found.csrfToken(), found.created(), seen,
                    found.idleTimeout(), found.absoluteExpiry()));
        });
    }

    /** Deletes the session (logout); whether it existed. */
    public boolean delete(String sessionId) {
        String key = idSha256(sessionId);
        return store.run("delete a console session", c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM console_session WHERE id_sha256 = ?")) {
                st.setString(1, key);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Deletes every session ended at {@code now}; how many. */
    public int deleteExpired(Instant now) {
        long ms = now.toEpochMilli();
        return store.run("delete ended console sessions", c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM console_session"
                    + " WHERE absolute_expires_ms <= ? OR last_seen_ms + idle_timeout_ms <= ?")) {
                st.setLong(1, ms);
                st.setLong(2, ms);
                return st.executeUpdate();
            }
        });
    }

    /** How many sessions are stored (ended ones included until deleted). */
    public int count() {
        return store.run("count console sessions", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM console_session");
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The stored key for a session id: lowercase hex SHA-256 of its UTF-8 bytes. */
    public static String idSha256(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("session id must not be empty");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
