package io.doorman.guard;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStateFileTest {

    private static final long NOW = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long NOW_S = NOW / 1000;
    private static final String FP = "sha256:0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void writesTheSpecFormatAndReadsItBack() throws Exception {
        BlockStateFile file = new BlockStateFile(dir.resolve("state/blocks.json"));
        SourceState s = new SourceState(NOW - 60_000, 5, NOW + 1_800_000, Map.of(FP, NOW + 120_000));
        file.write(Map.of("192.0.2.1", s));

        String json = Files.readString(file.path());
        assertThat(json).isEqualTo("{\"sources\":{\"192.0.2.1\":{\"first_failure_unix\":" + (NOW_S - 60)
                + ",\"failures\":5,\"blocked_until_unix\":" + (NOW_S + 1800) + ",\"cooldowns\":{\"" + FP + "\":"
                + (NOW_S + 120) + "}}}}");
        assertThat(file.load(NOW)).containsExactly(Map.entry("192.0.2.1", s));
    }

    @Test
    void fileIs0600AndNewDirectoryIs0700() throws Exception {
        BlockStateFile file = new BlockStateFile(dir.resolve("new/blocks.json"));
        file.write(Map.of());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())))
                .isEqualTo("rwx------");
        try (var files = Files.list(file.path().getParent())) {
            assertThat(files).as("no temp file left behind").containsExactly(file.path());
        }
    }

    @Test
    void toleratesUnknownFieldsAndMissingOnes() throws Exception {
        Path p = dir.resolve("blocks.json");
        Files.writeString(p, "{\"version\":2,\"sources\":{\"192.0.2.1\":{\"blocked_until_unix\":" + (NOW_S + 10)
                + ",\"note\":\"x\"},\"192.0.2.2\":{\"failures\":1,\"cooldowns\":{\"" + FP + "\":" + (NOW_S + 5)
                + ",\"sha256:ffffffffffffffff\":" + (NOW_S - 5) + "}}}}");
        Map<String, SourceState> state = new BlockStateFile(p).load(NOW);
        assertThat(state).containsOnlyKeys("192.0.2.1", "192.0.2.2");
        assertThat(state.get("192.0.2.1").blockedUntilMillis()).isEqualTo(NOW + 10_000);
        assertThat(state.get("192.0.2.2").cooldowns()).containsExactly(Map.entry(FP, NOW + 5_000));
    }

    @Test
    void expiredEntriesAreDroppedAtLoad() throws Exception {
        BlockStateFile file = new BlockStateFile(dir.resolve("blocks.json"));
        file.write(Map.of(
                "expired", new SourceState(NOW - 9_000_000, 5, NOW - 1_000, Map.of(FP, NOW - 1_000)),
                "counting-only", new SourceState(NOW - 1_000, 2, 0, Map.of()),
                "cooling", new SourceState(NOW - 1_000, 1, 0, Map.of(FP, NOW + 60_000))));
        assertThat(file.load(NOW)).containsOnlyKeys("cooling");
    }

    @Test
    void missingFileIsEmptyState() throws Exception {
        assertThat(new BlockStateFile(dir.resolve("none/blocks.json")).load(NOW)).isEmpty();
    }

    @Test
    void symlinkIsRefusedForReadAndWrite() throws Exception {
        Path target = dir.resolve("elsewhere.json");
        Files.writeString(target, "{\"sources\":{}}");
        Path link = Files.createSymbolicLink(dir.resolve("blocks.json"), target);
        BlockStateFile file = new BlockStateFile(link);
        assertThatThrownBy(() -> file.write(Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining(link.toString()).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> file.load(NOW)).isInstanceOf(IOException.class)
                .hasMessageContaining(link.toString());
        assertThat(Files.readString(target)).isEqualTo("{\"sources\":{}}");
    }

    @Test
    void corruptFilesAreMovedAsideAndStateIsEmpty() throws Exception {
        String[] corrupt = {"{not json 192.0.2.66", "[]", "{\"sources\":[]}", "{\"sources\":{\"a\":5}}",
            "{\"sources\":{\"a\":{\"failures\":\"many\"}}}", "{\"sources\":{\"a\":{\"cooldowns\":[1]}}}",
            "{\"sources\":{\"a\":{\"blocked_until_unix\":1.5}}}", ""};
        for (int i = 0; i < corrupt.length; i++) {
            Path sub = Files.createDirectory(dir.resolve("case" + i));
            Path p = sub.resolve("blocks.json");
            Files.writeString(p, corrupt[i]);
            assertThat(new BlockStateFile(p).load(NOW)).as(corrupt[i]).isEmpty();
            assertThat(p).as(corrupt[i]).doesNotExist();
            try (var files = Files.list(sub)) {
                Path aside = files.findFirst().orElseThrow();
                assertThat(aside.getFileName().toString()).startsWith("blocks.json.corrupt-");
                assertThat(Files.readString(aside, StandardCharsets.UTF_8)).isEqualTo(corrupt[i]);
            }
        }
    }

    @Test
    void writerPersistsGuardChangesInTheBackground() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
        BlockStateFile file = new BlockStateFile(dir.resolve("blocks.json"));
        AbuseGuard guard = new AbuseGuard(new AbuseSettings(2, null, Duration.ofMinutes(30), null), clock);
        try (BlockStateWriter writer = BlockStateWriter.attach(guard, file)) {
            guard.recordFailure("192.0.2.1", FP);
            guard.recordFailure("192.0.2.1", FP);
        }
        var root = new ObjectMapper().readTree(file.path().toFile());
        assertThat(root.at("/sources/192.0.2.1/failures").asInt()).isEqualTo(2);
        assertThat(root.at("/sources/192.0.2.1/blocked_until_unix").asLong()).isEqualTo(NOW_S + 1800);

        AbuseGuard reloaded = new AbuseGuard(guard.settings(), clock, 100, file.load(clock.millis()));
        assertThat(reloaded.isBlocked("192.0.2.1")).isTrue();
        assertThat(reloaded.inCooldown("192.0.2.1", FP)).isTrue();
    }
}
