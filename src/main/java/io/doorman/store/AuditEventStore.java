package io.doorman.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Security audit events, newest first, keeping at most a fixed number (the oldest are pruned as new ones
 * arrive). For the chart, outcomes starting with {@code elevated} count as elevated and those starting with
 * {@code deny} or {@code blocked} (a request refused by a block) as denied.
 */
public final class AuditEventStore {

    /** How many events are kept by default. */
    public static final int DEFAULT_MAX_EVENTS = 50_000;
    /** The most events one query returns. */
    public static final int MAX_LIMIT = 500;
    /** The longest history the chart may ask for: one day. */
    public static final int MAX_HISTORY_MINUTES = 24 * 60;

    private static final long MINUTE_MS = 60_000;

    private final Store store;
    private final int maxEvents;

    AuditEventStore(Store store, int maxEvents) {
        this.store = store;
        this.maxEvents = maxEvents;
    }

    /** How many events this store keeps. */
    public int maxEvents() {
        return maxEvents;
    }

    /** Appends one event. */
    public void append(AuditEvent event) {
        appendAll(List.of(event));
    }

    /** Appends events in one transaction, then prunes beyond the limit. */
    public void appendAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        store.inTransaction("append audit events", c -> {
            long lastId;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO audit_event"
                    + " (time_ms, outcome, token_fp, source, method, path, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEvent e : events) {
                    st.setLong(1, e.time().toEpochMilli());
                    st.setString(2, e.outcome());
                    st.setString(3, e.tokenFp());
                    st.setString(4, e.source());
                    st.setString(5, e.method());
                    st.setString(6, e.path());
                    st.setLong(7, e.occurrences());
                    st.executeUpdate();
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                lastId = rs.getLong(1);
            }
            // AUTOINCREMENT ids only grow, so this keeps at most maxEvents rows and costs one index probe.
            try (PreparedStatement st = c.prepareStatement("DELETE FROM audit_event WHERE id <= ?")) {
                st.setLong(1, lastId - maxEvents);
                st.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The newest events, newest first.
     *
     * @param outcome only events with this outcome, or all when null or empty
     * @param limit   how many at most, clamped to 1..{@value #MAX_LIMIT}
     */
    public List<AuditEvent> recent(String outcome, int limit) {
        int n = Math.max(1, Math.min(MAX_LIMIT, limit));
        boolean filtered = outcome != null && !outcome.isEmpty();
        String sql = "SELECT time_ms, outcome, token_fp, source, method, path, occurrences FROM audit_event"
                + (filtered ? " WHERE outcome = ?" : "") + " ORDER BY time_ms DESC, id DESC LIMIT ?";
        return store.run("read audit events", c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                int i = 1;
                if (filtered) {
                    st.setString(i++, outcome);
                }
                st.setInt(i, n);
                List<AuditEvent> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEvent(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Elevated and denied counts per minute for the last {@code minutes} minutes up to and including the one
     * holding {@code now}, oldest first, one point per minute (zero where nothing happened).
     *
     * @throws IllegalArgumentException when minutes is not 1..{@value #MAX_HISTORY_MINUTES}
     */
    public List<AuditMinute> perMinute(int minutes, Instant now) {
        if (minutes < 1 || minutes > MAX_HISTORY_MINUTES) {
            throw new IllegalArgumentException("minutes must be 1.." + MAX_HISTORY_MINUTES);
        }
        long lastMinute = Math.floorDiv(now.toEpochMilli(), MINUTE_MS) * MINUTE_MS;
        long from = lastMinute - (minutes - 1) * MINUTE_MS;
        Map<Long, long[]> counts = store.run("count audit events per minute", c -> byMinute(c, from,
                lastMinute + MINUTE_MS));
        List<AuditMinute> out = new ArrayList<>(minutes);
        for (long m = from; m <= lastMinute; m += MINUTE_MS) {
            long[] v = counts.getOrDefault(m, new long[2]);
            out.add(new AuditMinute(Instant.ofEpochMilli(m), v[0], v[1]));
        }
        return out;
    }

    private static Map<Long, long[]> byMinute(Connection c, long from, long until) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT (time_ms / 60000) * 60000 AS minute,"
                + " SUM(CASE WHEN outcome LIKE 'elevated%' THEN occurrences ELSE 0 END),"
                + " SUM(CASE WHEN outcome LIKE 'deny%' OR outcome LIKE 'blocked%' THEN occurrences ELSE 0 END)"
                + " FROM audit_event WHERE time_ms >= ? AND time_ms < ? GROUP BY minute")) {
            st.setLong(1, from);
            st.setLong(2, until);
            Map<Long, long[]> out = new HashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            return out;
        }
    }

    /** How many events are stored. */
    public int count() {
        return store.run("count audit events", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_event")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
