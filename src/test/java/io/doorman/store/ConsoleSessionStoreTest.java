package io.doorman.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSessionStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration IDLE = Duration.ofHours(12);
    private static final Duration LIFETIME = Duration.ofDays(7);
    private static final String ID = "raw-session-id-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path dir;

    @Test
    void findTouchesLastSeenAndTheRawIdIsNeverStored() throws Exception {
        try (Store store = Store.open(dir)) {
            ConsoleSessionStore sessions = store.sessions();
            StoredSession created = sessions.create(ID, "csrf-1", T0, IDLE, LIFETIME);
            assertThat(created.idSha256()).isEqualTo(ConsoleSessionStore.idSha256(ID)).hasSize(64);

            StoredSession found = sessions.find(ID, T0.plus(Duration.ofHours(1))).orElseThrow();
            assertThat(found.csrfToken()).isEqualTo("csrf-1");
            assertThat(found.lastSeen()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(found.absoluteExpiry()).isEqualTo(T0.plus(LIFETIME));
            assertThat(found.toString()).doesNotContain("csrf-1");
            assertThat(sessions.find("another-id", T0)).isEmpty();
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.sessions().find(ID, T0.plus(Duration.ofHours(2))))
                    .map(StoredSession::lastSeen).as("survives a restart").contains(T0.plus(Duration.ofHours(2)));
        }
        String bytes = new String(Files.readAllBytes(dir.resolve("doorman.db")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain(ID);
    }

    @Test
    void idleExpiryMovesWithUseButNotPastTheAbsoluteExpiry() {
        try (Store store = Store.open(dir)) {
            ConsoleSessionStore sessions = store.sessions();
            sessions.create(ID, "csrf", T0, IDLE, LIFETIME);
            Instant t = T0;
            // Used every 11 hours: never idle, but ends at 7 days all the same.
            while (t.plus(Duration.ofHours(11)).isBefore(T0.plus(LIFETIME))) {
                t = t.plus(Duration.ofHours(11));
                assertThat(sessions.find(ID, t)).as("at %s", t).isPresent();
            }
            assertThat(sessions.find(ID, T0.plus(LIFETIME))).isEmpty();
            assertThat(sessions.count()).as("an ended session found is deleted").isZero();
        }
    }

    @Test
    void idleSessionEnds() {
        try (Store store = Store.open(dir)) {
            store.sessions().create(ID, "csrf", T0, IDLE, LIFETIME);
            assertThat(store.sessions().find(ID, T0.plus(IDLE).minusMillis(1))).isPresent();
            assertThat(store.sessions().find(ID, T0.plus(IDLE).minusMillis(1).plus(IDLE))).isEmpty();
        }
    }

    @Test
    void deleteAndDeleteExpired() {
        try (Store store = Store.open(dir)) {
            ConsoleSessionStore sessions = store.sessions();
            sessions.create("idle", "c", T0, IDLE, LIFETIME);
            sessions.create("fresh", "c", T0.plus(Duration.ofHours(20)), IDLE, LIFETIME);
            sessions.create("gone", "c", T0, IDLE, LIFETIME);

            assertThat(sessions.delete("gone")).isTrue();
            assertThat(sessions.delete("gone")).isFalse();
            assertThat(sessions.deleteExpired(T0.plus(Duration.ofHours(21)))).isEqualTo(1);
            assertThat(sessions.count()).isEqualTo(1);
            assertThat(sessions.find("fresh", T0.plus(Duration.ofHours(21)))).isPresent();
        }
    }
}
