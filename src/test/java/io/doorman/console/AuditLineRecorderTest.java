package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.guard.AuditOutcome;
import io.doorman.guard.SecurityAuditLine;
import io.doorman.store.AuditEvent;
import io.doorman.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit lines the Live TV policy prints become events in the console's store, tokens never among them. */
class AuditLineRecorderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void parsesDecisionAndBlockLinesAndIgnoresTheRest() {
        String decision = SecurityAuditLine.decision(AuditOutcome.DENY_UNAUTHORIZED_TOKEN, "GET", "/livetv/dvrs", true,
                false, false, "127.0.0.1:5555", "sha256:00112233aabbccdd", 1, false, "sha256:0123456789abcdef", true);
        AuditEvent e = AuditLineRecorder.parse(decision, CLOCK);
        assertThat(e.outcome()).isEqualTo("deny_unauthorized_token");
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.path()).isEqualTo("/livetv/dvrs");
        assertThat(e.tokenFp()).isEqualTo("sha256:0123456789abcdef");
        assertThat(e.source()).isEqualTo("sha256:00112233aabbccdd");
        assertThat(e.time()).isEqualTo(CLOCK.instant());

        AuditEvent block = AuditLineRecorder.parse(SecurityAuditLine.blockStarted("sha256:00112233aabbccdd", 10,
                Duration.ofMinutes(10), Duration.ofMinutes(30), "sha256:0123456789abcdef"), CLOCK);
        assertThat(block.outcome()).isEqualTo("bad_actor_blocked");
        assertThat(block.source()).isEqualTo("sha256:00112233aabbccdd");

        assertThat(AuditLineRecorder.parse("plexlabelproxy_audit_summary: elevated=1 denied=2", CLOCK)).isNull();
        assertThat(AuditLineRecorder.parse("something else entirely", CLOCK)).isNull();
        assertThat(AuditLineRecorder.parse(SecurityAuditLine.PREFIX + " outcome=x token_fp=raw-token-here", CLOCK))
                .as("a token that is not a fingerprint is never stored").isNull();
    }

    @Test
    void queuedEventsReachTheStore() {
        try (Store store = Store.open(tmp); AuditLineRecorder r = new AuditLineRecorder(store.audit(), CLOCK)) {
            for (int i = 0; i < 20; i++) {
                r.accept(SecurityAuditLine.decision(AuditOutcome.ELEVATED, "GET", "/livetv/sessions/" + i, true,
                        false, true, "127.0.0.1:1", "sha256:00112233aabbccdd", 0, false, "sha256:0123456789abcdef",
                        false));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> store.audit().count() == 20);
            assertThat(store.audit().recent("elevated_live_tv", 5)).hasSize(5)
                    .allSatisfy(ev -> assertThat(ev.path()).startsWith("/livetv/sessions/"));
            assertThat(r.dropped()).isZero();
        }
    }

    @Test
    void identicalLinesArrivingTogetherBecomeOneRowWithTheirCount() {
        String line = SecurityAuditLine.decision(AuditOutcome.ELEVATED, "GET", "/livetv/dvrs", true, false, false,
                "127.0.0.1:1", "sha256:00112233aabbccdd", 0, false, "sha256:0123456789abcdef", true);
        try (Store store = Store.open(tmp); AuditLineRecorder r = new AuditLineRecorder(store.audit(), CLOCK)) {
            for (int i = 0; i < 5000; i++) {
                r.accept(line);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> store.audit().perMinute(1, CLOCK.instant()).get(0)
                    .elevated() == 5000);
            assertThat(store.audit().count()).as("rows").isLessThan(100);
            assertThat(store.audit().recent(null, 500)).allSatisfy(ev -> assertThat(ev.path()).isEqualTo("/livetv/dvrs"))
                    .extracting(AuditEvent::occurrences).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(r.dropped()).isZero();
        }
    }
}
