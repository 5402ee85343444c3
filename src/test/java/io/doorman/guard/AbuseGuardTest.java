package io.doorman.guard;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.LiveTvSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AbuseGuardTest {

    private static final String SRC = "192.0.2.1";
    private static final String FP = "sha256:0123456789abcdef";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    private AbuseGuard guard(int threshold, Duration window, Duration duration, Duration cooldown) {
        return new AbuseGuard(new AbuseSettings(threshold, window, duration, cooldown), clock);
    }

    @Test
    void settingsDefaultsAndFromLiveTvSettings() {
        AbuseSettings d = new AbuseSettings(0, Duration.ZERO, Duration.ofSeconds(-1), null);
        assertThat(d).isEqualTo(AbuseSettings.defaults());
        assertThat(d.threshold()).isEqualTo(5);
        assertThat(d.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.cooldown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.cooldownEnabled()).isTrue();
        assertThat(AbuseSettings.from(LiveTvSettings.disabled())).isEqualTo(d);
        assertThat(new AbuseSettings(3, null, null, Duration.ofSeconds(-1)).cooldownEnabled()).isFalse();
        assertThat(new AbuseSettings(3, null, null, Duration.ZERO).cooldownEnabled()).isFalse();
    }

    @Test
    void blockStartsExactlyAtThreshold() {
        AbuseGuard g = guard(3, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(2));
        assertThat(g.recordFailure(SRC, FP).blockStarted()).isFalse();
        AbuseGuard.Failure second = g.recordFailure(SRC, FP);
        assertThat(second.blockStarted()).isFalse();
        assertThat(second.blocked()).isFalse();
        assertThat(second.failures()).isEqualTo(2);
        assertThat(g.isBlocked(SRC)).isFalse();

        AbuseGuard.Failure third = g.recordFailure(SRC, FP);
        assertThat(third.blockStarted()).isTrue();
        assertThat(third.failures()).isEqualTo(3);
        assertThat(third.blockedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(g.isBlocked(SRC)).isTrue();
        assertThat(g.isBlocked("192.0.2.2")).isFalse();

        AbuseGuard.Failure fourth = g.recordFailure(SRC, FP);
        assertThat(fourth.blockStarted()).as("a running block does not start again").isFalse();
        assertThat(fourth.blocked()).isTrue();
    }

    @Test
    void windowResetsTheCount() {
        AbuseGuard g = guard(3, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(2));
        g.recordFailure(SRC, FP);
        g.recordFailure(SRC, FP);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        AbuseGuard.Failure f = g.recordFailure(SRC, FP);
        assertThat(f.failures()).isEqualTo(1);
        assertThat(g.isBlocked(SRC)).isFalse();
        clock.advance(Duration.ofMinutes(4));
        g.recordFailure(SRC, FP);
        assertThat(g.recordFailure(SRC, FP).blockStarted()).as("3 within one window").isTrue();
    }

    @Test
    void laterFailuresExtendTheBlockAndItExpires() {
        AbuseGuard g = guard(2, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(2));
        g.recordFailure(SRC, FP);
        Instant firstEnd = g.recordFailure(SRC, FP).blockedUntil();
        clock.advance(Duration.ofMinutes(3));
        Instant extended = g.recordFailure(SRC, FP).blockedUntil();
        assertThat(extended).isEqualTo(firstEnd.plus(Duration.ofMinutes(3)));

        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertThat(g.isBlocked(SRC)).isTrue();
        assertThat(g.isBlocked(SRC, extended.minusMillis(1))).isTrue();
        assertThat(g.isBlocked(SRC, extended)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(g.isBlocked(SRC)).isFalse();
    }

    @Test
    void cooldownPerSourceAndToken() {
        AbuseGuard g = guard(100, null, null, Duration.ofMinutes(2));
        g.recordFailure(SRC, FP);
        assertThat(g.inCooldown(SRC, FP)).isTrue();
        assertThat(g.inCooldown(SRC, "sha256:ffffffffffffffff")).isFalse();
        assertThat(g.inCooldown("192.0.2.9", FP)).isFalse();
        clock.advance(Duration.ofMinutes(2).minusMillis(1));
        assertThat(g.inCooldown(SRC, FP)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(g.inCooldown(SRC, FP)).isFalse();
    }

    @Test
    void missingTokenHasNoCooldownButCounts() {
        AbuseGuard g = guard(2, null, null, Duration.ofMinutes(2));
        g.recordFailure(SRC, "missing");
        assertThat(g.inCooldown(SRC, "missing")).isFalse();
        assertThat(g.recordFailure(SRC, null).blockStarted()).isTrue();
    }

    @Test
    void cooldownDisabledWhenNegativeOrZero() {
        for (Duration off : List.of(Duration.ofSeconds(-1), Duration.ZERO)) {
            AbuseGuard g = guard(100, null, null, off);
            g.recordFailure(SRC, FP);
            assertThat(g.inCooldown(SRC, FP)).isFalse();
        }
    }

    @Test
    void cooldownsPerSourceAreBounded() {
        AbuseGuard g = guard(1_000, null, null, Duration.ofMinutes(2));
        for (int i = 0; i < 100; i++) {
            g.recordFailure(SRC, "sha256:" + String.format("%016x", i));
        }
        assertThat(g.cooldownEvictions()).isEqualTo(100 - AbuseGuard.MAX_COOLDOWNS_PER_SOURCE);
        assertThat(g.inCooldown(SRC, "sha256:" + String.format("%016x", 0))).isFalse();
        assertThat(g.inCooldown(SRC, "sha256:" + String.format("%016x", 99))).isTrue();
        assertThat(g.snapshot().get(SRC).cooldowns()).hasSize(AbuseGuard.MAX_COOLDOWNS_PER_SOURCE);
    }

    @Test
    void floodOfSourcesIsCappedAndEvictionsCounted() {
        AbuseGuard g = new AbuseGuard(AbuseSettings.defaults(), clock, 10_000, Map.of());
        for (int i = 0; i < 20_000; i++) {
            g.recordFailure("flood-" + i, FP);
        }
        assertThat(g.size()).isEqualTo(10_000);
        assertThat(g.evictions()).isEqualTo(10_000);
        // Least recently updated go first.
        assertThat(g.inCooldown("flood-0", FP)).isFalse();
        assertThat(g.inCooldown("flood-19999", FP)).isTrue();
    }

    @Test
    void expiredSourcesAreReusedBeforeLiveOnesAreEvicted() {
        AbuseGuard g = new AbuseGuard(AbuseSettings.defaults(), clock, 10, Map.of());
        for (int i = 0; i < 10; i++) {
            g.recordFailure("old-" + i, FP);
        }
        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 10; i++) {
            g.recordFailure("new-" + i, FP);
        }
        assertThat(g.size()).isEqualTo(10);
        assertThat(g.evictions()).isZero();
    }

    @Test
    void snapshotKeepsOnlyActiveSourcesAndRestores() {
        AbuseGuard g = guard(1, null, Duration.ofMinutes(30), Duration.ofMinutes(2));
        g.recordFailure(SRC, FP);
        AbuseGuard cool = guard(100, null, null, Duration.ofMinutes(2));
        cool.recordFailure("192.0.2.3", FP);
        clock.advance(Duration.ofMinutes(3));
        assertThat(cool.snapshot()).isEmpty();

        Map<String, SourceState> snap = g.snapshot();
        assertThat(snap).containsOnlyKeys(SRC);
        assertThat(snap.get(SRC).cooldowns()).isEmpty();
        AbuseGuard restored = new AbuseGuard(g.settings(), clock, 10, snap);
        assertThat(restored.isBlocked(SRC)).isTrue();
    }

    @Test
    void changeListenerRunsAfterEachFailure() {
        AbuseGuard g = guard(5, null, null, null);
        AtomicInteger calls = new AtomicInteger();
        g.setChangeListener(calls::incrementAndGet);
        g.recordFailure(SRC, FP);
        g.recordFailure(SRC, FP);
        assertThat(calls).hasValue(2);
    }

    @Test
    void manyThreadsRecordingCountEveryFailure() throws Exception {
        AbuseGuard g = guard(1_000_000, Duration.ofHours(1), null, Duration.ofMinutes(2));
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    g.recordFailure(SRC, "sha256:" + String.format("%016x", id));
                    g.recordFailure("198.51.100." + (i % 200), FP);
                    g.isBlocked(SRC);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        AbuseGuard.Failure last = g.recordFailure(SRC, FP);
        assertThat(last.failures()).isEqualTo(threads * perThread + 1);
        assertThat(g.size()).isEqualTo(201);
    }
}
