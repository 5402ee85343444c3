package io.doorman.guard;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's view of the guard: the current blocks, and lifting one (persisted by the change listener). */
class AbuseGuardUnblockTest {

    private static final String SRC = "192.0.2.1";
    private static final String OTHER = "2001:db8::7";
    private static final String FP = "sha256:0123456789abcdef";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private AbuseGuard guard() {
        return new AbuseGuard(new AbuseSettings(2, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(2)),
                clock);
    }

    @Test
    void blocksListsOnlySourcesBlockedNowSoonestEndFirst() {
        AbuseGuard g = guard();
        assertThat(g.blocks()).isEmpty();
        g.recordFailure(SRC, FP);
        assertThat(g.blocks()).as("one failure is no block").isEmpty();
        g.recordFailure(SRC, FP);
        clock.advance(Duration.ofMinutes(1));
        g.recordFailure(OTHER, FP);
        g.recordFailure(OTHER, FP);

        assertThat(g.blocks()).containsExactly(
                new AbuseGuard.Block(SRC, Instant.parse("2025-01-01T00:30:00Z"), 2),
                new AbuseGuard.Block(OTHER, Instant.parse("2025-01-01T00:31:00Z"), 2));
        assertThat(g.blocks().get(0).toString()).doesNotContain(SRC).contains("sha256:");

        clock.advance(Duration.ofMinutes(29).plusSeconds(30));
        assertThat(g.blocks()).extracting(AbuseGuard.Block::source).containsExactly(OTHER);
    }

    @Test
    void unblockLiftsTheBlockAndForgetsTheFailures() {
        AbuseGuard g = guard();
        AtomicInteger changes = new AtomicInteger();
        g.recordFailure(SRC, FP);
        g.recordFailure(SRC, FP);
        g.setChangeListener(changes::incrementAndGet);
        assertThat(g.isBlocked(SRC)).isTrue();

        assertThat(g.unblock(SRC)).isTrue();
        assertThat(changes.get()).isEqualTo(1);
        assertThat(g.isBlocked(SRC)).isFalse();
        assertThat(g.inCooldown(SRC, FP)).as("the cooldown goes with the block").isFalse();
        assertThat(g.blocks()).isEmpty();
        assertThat(g.recordFailure(SRC, FP).failures()).as("counting starts over").isEqualTo(1);
        assertThat(g.isBlocked(SRC)).isFalse();
    }

    @Test
    void unblockOfASourceNotBlockedChangesNothing() {
        AbuseGuard g = guard();
        AtomicInteger changes = new AtomicInteger();
        g.recordFailure(SRC, FP);
        g.setChangeListener(changes::incrementAndGet);

        assertThat(g.unblock(SRC)).as("failing but not blocked").isFalse();
        assertThat(g.unblock(OTHER)).as("never seen").isFalse();
        assertThat(changes.get()).isZero();
        assertThat(g.inCooldown(SRC, FP)).isTrue();
        assertThat(g.recordFailure(SRC, FP).blocked()).as("its first failure still counts").isTrue();

        clock.advance(Duration.ofMinutes(31));
        assertThat(g.unblock(SRC)).as("expired").isFalse();
    }

    @Test
    void anUnblockRewritesTheStateFile() throws Exception {
        BlockStateFile file = new BlockStateFile(dir.resolve("blocks.json"));
        AbuseGuard g = guard();
        try (BlockStateWriter writer = BlockStateWriter.attach(g, file)) {
            g.recordFailure(SRC, FP);
            g.recordFailure(SRC, FP);
            g.recordFailure(OTHER, FP);
            g.recordFailure(OTHER, FP);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sources(file)).contains(SRC, OTHER));

            assertThat(g.unblock(SRC)).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sources(file))
                    .doesNotContain("\"" + SRC + "\"").contains(OTHER));
        }
        assertThat(new AbuseGuard(g.settings(), clock, 100, file.load(clock.millis())).isBlocked(SRC)).isFalse();
    }

    private static String sources(BlockStateFile file) throws Exception {
        if (!Files.exists(file.path())) {
            return "";
        }
        return new ObjectMapper().readTree(file.path().toFile()).path("sources").toString();
    }
}
