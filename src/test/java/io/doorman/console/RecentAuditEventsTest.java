package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.guard.AuditOutcome;
import io.doorman.guard.SecurityAuditLine;
import io.doorman.plex.PlexTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentAuditEventsTest {

    private static final String TOKEN = "raw-plex-token-should-never-show";
    private static final String FP = PlexTokens.fingerprint(TOKEN);
    private static final String SRC = PlexTokens.fingerprint("203.0.113.9");

    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T10:00:30Z"));

    @Test
    void recentIsNewestFirstFilteredAndLimited() {
        RecentAuditEvents a = new RecentAuditEvents(clock);
        a.record("elevated_live_tv", FP, SRC, "GET", "/livetv/dvrs?X-Plex-Token=" + TOKEN);
        clock.advance(Duration.ofSeconds(1));
        a.record("deny_missing_token", null, SRC, "GET", "/media/providers");
        clock.advance(Duration.ofSeconds(1));
        a.record("deny_unauthorized_token", FP, SRC, "POST", "/livetv/dvrs/1/channels");

        List<AuditEvents.Event> all = a.recent(null, 10);
        assertThat(all).extracting(AuditEvents.Event::outcome)
                .containsExactly("deny_unauthorized_token", "deny_missing_token", "elevated_live_tv");
        assertThat(all.get(2)).isEqualTo(new AuditEvents.Event(Instant.parse("2025-01-01T10:00:30Z"),
                "elevated_live_tv", FP, SRC, "GET", "/livetv/dvrs"));
        assertThat(all.get(1).tokenFp()).isEqualTo("missing");
        assertThat(a.recent("deny_missing_token", 10)).extracting(AuditEvents.Event::path)
                .containsExactly("/media/providers");
        assertThat(a.recent(null, 2)).hasSize(2);
        assertThat(a.recent(null, 0)).as("clamped to at least one").hasSize(1);
        assertThat(a.recent("elevated_live_tv", 10)).hasSize(1);
        assertThat(all.toString()).doesNotContain(TOKEN);
    }

    @Test
    void theOldestGoWhenTheBoundIsReached() {
        RecentAuditEvents a = new RecentAuditEvents(clock, 3);
        for (int i = 0; i < 5; i++) {
            a.record("deny_missing_token", "missing", SRC, "GET", "/p" + i);
        }
        assertThat(a.recent(null, 500)).extracting(AuditEvents.Event::path).containsExactly("/p4", "/p3", "/p2");
    }

    @Test
    void aRawTokenIsRefusedWithoutBeingQuoted() {
        RecentAuditEvents a = new RecentAuditEvents(clock);
        assertThatThrownBy(() -> a.record("elevated_live_tv", TOKEN, SRC, "GET", "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).contains("fingerprint"));
        assertThatThrownBy(() -> a.record(" ", FP, SRC, "GET", "/")).hasMessageContaining("outcome");
        assertThat(a.recent(null, 10)).isEmpty();
    }

    @Test
    void readsThePolicysAuditLines() {
        RecentAuditEvents a = new RecentAuditEvents(clock);
        a.recordLine(SecurityAuditLine.decision(AuditOutcome.DENY_UNAUTHORIZED_TOKEN, "GET", "/livetv/dvrs", true,
                false, false, "127.0.0.1", SRC, 1, false, FP, true));
        a.recordLine(SecurityAuditLine.blockStarted(SRC, 5, Duration.ofMinutes(5), Duration.ofMinutes(30), FP));
        a.recordLine("plexlabelproxy_audit_summary: since=2025-01-01T00:00:00Z elevated=0");
        a.recordLine("something else entirely");
        a.recordLine(SecurityAuditLine.PREFIX + " outcome=elevated_live_tv token_fp=" + TOKEN);

        List<AuditEvents.Event> events = a.recent(null, 10);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).outcome()).isEqualTo("bad_actor_blocked");
        assertThat(events.get(0).source()).isEqualTo(SRC);
        assertThat(events.get(1)).isEqualTo(new AuditEvents.Event(clock.instant(), "deny_unauthorized_token", FP, SRC,
                "GET", "/livetv/dvrs"));
        assertThat(events.toString()).doesNotContain(TOKEN);
    }

    @Test
    void historyCountsElevationsAndDenialsPerMinuteOldestFirst() {
        RecentAuditEvents a = new RecentAuditEvents(clock);
        a.record("deny_missing_token", "missing", SRC, "GET", "/");
        clock.advance(Duration.ofMinutes(2));
        a.record("elevated_live_tv", FP, SRC, "GET", "/");
        a.record("elevated_live_tv", FP, SRC, "GET", "/");
        a.record("blocked_bad_actor", FP, SRC, "GET", "/");
        a.record("bad_actor_blocked", FP, SRC, "", "");

        List<AuditEvents.Minute> h = a.history(3);
        assertThat(h).containsExactly(
                new AuditEvents.Minute(Instant.parse("2025-01-01T10:00:00Z"), 0, 1),
                new AuditEvents.Minute(Instant.parse("2025-01-01T10:01:00Z"), 0, 0),
                new AuditEvents.Minute(Instant.parse("2025-01-01T10:02:00Z"), 2, 1));
        assertThat(a.history(2)).extracting(AuditEvents.Minute::denied).containsExactly(0L, 1L);
        assertThat(a.history(60)).hasSize(60);
        assertThatThrownBy(() -> a.history(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.history(AuditEvents.MAX_MINUTES + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
