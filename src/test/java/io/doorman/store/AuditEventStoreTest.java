package io.doorman.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditEventStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final String FP = "sha256:0123456789abcdef";

    @TempDir
    Path dir;

    private Store store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static AuditEvent event(Instant at, String outcome, String path) {
        return new AuditEvent(at, outcome, FP, "192.0.2.1", "GET", path);
    }

    @Test
    void recentIsNewestFirstFilteredAndLimited() {
        store = Store.open(dir);
        AuditEventStore audit = store.audit();
        audit.append(event(T0, "elevated_live_tv", "/a"));
        audit.append(event(T0.plusSeconds(2), "deny_missing_token", "/b"));
        audit.append(event(T0.plusSeconds(1), "elevated_live_tv", "/c"));

        assertThat(audit.recent(null, 10)).extracting(AuditEvent::path).containsExactly("/b", "/c", "/a");
        assertThat(audit.recent("elevated_live_tv", 10)).extracting(AuditEvent::path).containsExactly("/c", "/a");
        assertThat(audit.recent("", 2)).extracting(AuditEvent::path).containsExactly("/b", "/c");
        assertThat(audit.recent("nothing_like_this", 10)).isEmpty();
        assertThat(audit.recent(null, 10).get(0))
                .isEqualTo(new AuditEvent(T0.plusSeconds(2), "deny_missing_token", FP, "192.0.2.1", "GET", "/b"));
    }

    @Test
    void limitIsClampedTo500() {
        store = Store.open(dir);
        List<AuditEvent> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            many.add(event(T0.plusMillis(i), "elevated_live_tv", "/" + i));
        }
        store.audit().appendAll(many);
        assertThat(store.audit().recent(null, 10_000)).hasSize(AuditEventStore.MAX_LIMIT);
        assertThat(store.audit().recent(null, 0)).hasSize(1);
    }

    @Test
    void keepsAtMostTheConfiguredNumberDroppingTheOldest() {
        store = Store.open(dir, 10);
        for (int i = 0; i < 25; i++) {
            store.audit().append(event(T0.plusSeconds(i), "elevated_live_tv", "/" + i));
        }
        assertThat(store.audit().count()).isEqualTo(10);
        assertThat(store.audit().recent(null, 100)).extracting(AuditEvent::path)
                .containsExactly("/24", "/23", "/22", "/21", "/20", "/19", "/18", "/17", "/16", "/15");
    }

    @Test
    void concurrentAppendsFromSeveralThreadsAllLand() throws Exception {
        store = Store.open(dir);
        int threads = 6;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.audit().append(event(T0.plusMillis(i), "deny_missing_token", "/" + thread + "/" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.audit().count()).isEqualTo(threads * each);
        Set<String> paths = new HashSet<>();
        store.audit().recent(null, 500).forEach(e -> paths.add(e.path()));
        assertThat(paths).hasSize(threads * each);
    }

    @Test
    void perMinuteCountsElevatedAndDeniedWithZeroMinutes() {
        store = Store.open(dir);
        Instant now = T0.plusSeconds(30); // inside the 12:00 minute
        store.audit().appendAll(List.of(
                event(T0.minus(Duration.ofMinutes(2)).plusSeconds(5), "elevated_live_tv", "/x"),
                event(T0.minus(Duration.ofMinutes(2)).plusSeconds(50), "deny_unauthorized_token", "/x"),
                event(T0.minus(Duration.ofMinutes(2)).plusSeconds(51), "blocked_bad_actor", "/x"),
                event(T0, "elevated_live_tv", "/x"),
                event(T0.plusSeconds(1), "bad_actor_blocked", "/x"),
                event(T0.minus(Duration.ofMinutes(10)), "elevated_live_tv", "/too-old")));

        List<AuditMinute> points = store.audit().perMinute(3, now);

        assertThat(points).containsExactly(
                new AuditMinute(T0.minus(Duration.ofMinutes(2)), 1, 2),
                new AuditMinute(T0.minus(Duration.ofMinutes(1)), 0, 0),
                new AuditMinute(T0, 1, 0));
        assertThatThrownBy(() -> store.audit().perMinute(0, now)).hasMessageContaining("minutes");
        assertThatThrownBy(() -> store.audit().perMinute(AuditEventStore.MAX_HISTORY_MINUTES + 1, now))
                .hasMessageContaining("minutes");
    }

    @Test
    void aRowStandsForItsRepeatsInRecentAndPerMinute() {
        store = Store.open(dir);
        store.audit().appendAll(List.of(
                new AuditEvent(T0, "elevated_live_tv", "sha256:0123456789abcdef", "src", "GET", "/livetv/dvrs", 3500),
                new AuditEvent(T0.plusSeconds(1), "deny_unauthorized_token", "missing", "src", "GET", "/x", 2)));

        assertThat(store.audit().recent(null, 10)).extracting(AuditEvent::occurrences).containsExactly(2L, 3500L);
        assertThat(store.audit().perMinute(1, T0.plusSeconds(5))).containsExactly(new AuditMinute(T0, 3500, 2));
        assertThatThrownBy(() -> new AuditEvent(T0, "elevated_live_tv", null, "s", "GET", "/x", 0))
                .hasMessageContaining("occurrences");
    }

    @Test
    void eventsNeverHoldATokenOrAQuery() {
        AuditEvent e = new AuditEvent(T0, "elevated_live_tv", null, "192.0.2.1", "GET",
                "/livetv/dvrs?X-Plex-Token=raw-secret-token");
        assertThat(e.path()).isEqualTo("/livetv/dvrs");
        assertThat(e.tokenFp()).isEqualTo("missing");
        assertThatThrownBy(() -> new AuditEvent(T0, "elevated_live_tv", "raw-secret-token", "s", "GET", "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenFp")
                .hasMessageNotContaining("raw-secret-token");
    }
}
