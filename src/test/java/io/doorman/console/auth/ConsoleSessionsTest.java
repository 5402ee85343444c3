package io.doorman.console.auth;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.store.Store;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSessionsTest {

    private static final String BASE64URL_32_BYTES = "[A-Za-z0-9_-]{43}";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private Store store;
    private ConsoleSessions sessions;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        sessions = new ConsoleSessions(store.sessions(), clock, new SecureRandom());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsRandomIdsAndCsrfTokensAndFindsThemByCookieValue() {
        ConsoleSession a = sessions.create();
        ConsoleSession b = sessions.create();

        assertThat(a.id()).matches(BASE64URL_32_BYTES);
        assertThat(a.csrfToken()).matches(BASE64URL_32_BYTES).isNotEqualTo(a.id());
        assertThat(b.id()).isNotEqualTo(a.id());
        assertThat(b.csrfToken()).isNotEqualTo(a.csrfToken());
        assertThat(a.idleExpiry()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(a.absoluteExpiry()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));

        assertThat(sessions.find(a.id())).map(ConsoleSession::csrfToken).contains(a.csrfToken());
        assertThat(sessions.find(b.id())).map(ConsoleSession::csrfToken).contains(b.csrfToken());
        assertThat(sessions.find("A".repeat(43))).isEmpty();
        assertThat(sessions.find("not a session id")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrfToken());
    }

    @Test
    void endsAfterTwelveHoursIdle() {
        ConsoleSession s = sessions.create();
        clock.advance(Duration.ofHours(11));
        assertThat(sessions.find(s.id())).as("use moves the idle expiry").isPresent();
        clock.advance(Duration.ofHours(11));
        assertThat(sessions.find(s.id())).isPresent();
        clock.advance(Duration.ofHours(12));
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void endsSevenDaysAfterLoginHoweverUsed() {
        ConsoleSession s = sessions.create();
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofHours(11));
            assertThat(sessions.find(s.id())).as("after %d h", (i + 1) * 11).isPresent();
        }
        clock.advance(Duration.ofHours(3)); // 168 h = 7 days
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void logoutEndsTheSession() {
        ConsoleSession s = sessions.create();
        sessions.logout(s.id());
        assertThat(sessions.find(s.id())).isEmpty();
        sessions.logout(s.id());
        sessions.logout("garbage");
    }

    @Test
    void csrfMatchesOnlyTheSessionsOwnToken() {
        ConsoleSession a = sessions.create();
        ConsoleSession b = sessions.create();
        assertThat(ConsoleSessions.csrfMatches(a, a.csrfToken())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(a, b.csrfToken())).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a, a.csrfToken().substring(1))).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a, "")).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a, null)).isFalse();
    }

    @Test
    void cookiesCarryTheRequiredAttributes() {
        ConsoleSession s = sessions.create();
        assertThat(ConsoleSessions.setCookie(s, false))
                .isEqualTo("doorman_session=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
        assertThat(ConsoleSessions.setCookie(s, true))
                .isEqualTo("doorman_session=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(ConsoleSessions.clearCookie(false))
                .isEqualTo("doorman_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        assertThat(ConsoleSessions.clearCookie(true)).endsWith("; Max-Age=0; Secure");
    }

    @Test
    void readsTheSessionIdFromACookieHeader() {
        String id = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO_-";
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("doorman_session=" + id)).contains(id);
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("theme=dark; doorman_session=" + id + "; x=y"))
                .contains(id);
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("doorman_session=\"" + id + "\"")).contains(id);
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("doorman_session=short; doorman_session=" + id))
                .contains(id);
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("xdoorman_session=" + id)).isEmpty();
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("doorman_session=")).isEmpty();
        assertThat(ConsoleSessions.sessionIdFromCookieHeader("")).isEmpty();
        assertThat(ConsoleSessions.sessionIdFromCookieHeader(null)).isEmpty();
    }
}
