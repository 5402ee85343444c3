package io.doorman.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Per-minute proxy traffic: counts are added into their minute; minutes older than 7 days are pruned. */
public final class TrafficHistory {

    /** How long samples are kept. */
    public static final Duration RETENTION = Duration.ofDays(7);

    private static final long MINUTE_MS = 60_000;

    private final Store store;
    private volatile long lastPrunedMinute = Long.MIN_VALUE;

    TrafficHistory(Store store) {
        this.store = store;
    }

    /**
     * Adds these counts to the minute holding {@code at} (creating it); once per new minute seen, minutes older
     * than {@link #RETENTION} before {@code at} are pruned.
     */
    public void add(Instant at, long requests, long bytes, long errors) {
        if (requests < 0 || bytes < 0 || errors < 0) {
            throw new IllegalArgumentException("traffic counts must not be negative");
        }
        long minute = minuteOf(at);
        store.run("record traffic", c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO traffic_minute"
                    + " (minute_ms, requests, bytes, errors) VALUES (?, ?, ?, ?) ON CONFLICT (minute_ms) DO UPDATE"
                    + " SET requests = requests + excluded.requests, bytes = bytes + excluded.bytes,"
                    + " errors = errors + excluded.errors")) {
                st.setLong(1, minute);
                st.setLong(2, requests);
                st.setLong(3, bytes);
                st.setLong(4, errors);
                return st.executeUpdate();
            }
        });
        if (minute > lastPrunedMinute) {
            lastPrunedMinute = minute;
            prune(at);
        }
    }

    /** The samples whose minute starts in {@code [from, to)}, oldest first; minutes without traffic are absent. */
    public List<TrafficSample> range(Instant from, Instant to) {
        return store.run("read traffic history", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT minute_ms, requests, bytes, errors"
                    + " FROM traffic_minute WHERE minute_ms >= ? AND minute_ms < ? ORDER BY minute_ms")) {
                st.setLong(1, from.toEpochMilli());
                st.setLong(2, to.toEpochMilli());
                List<TrafficSample> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TrafficSample(Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(2), rs.getLong(3),
                                rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    /** Deletes minutes that started more than {@link #RETENTION} before {@code now}; how many. */
    public int prune(Instant now) {
        long cutoff = now.minus(RETENTION).toEpochMilli();
        return store.run("prune traffic history", c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM traffic_minute WHERE minute_ms < ?")) {
                st.setLong(1, cutoff);
                return st.executeUpdate();
            }
        });
    }

    private static long minuteOf(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), MINUTE_MS) * MINUTE_MS;
    }
}
