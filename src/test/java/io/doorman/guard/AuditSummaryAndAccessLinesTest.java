package io.doorman.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSummaryAndAccessLinesTest {

    @Test
    void summaryCountsResetsAndListsTopSourcesByFingerprint() {
        AuditSummary s = new AuditSummary(Instant.parse("2026-11-23T19:00:00.750Z"));
        s.record(AuditOutcome.ELEVATED, "sha256:aaaa000000000000");
        s.record(AuditOutcome.DENY_MISSING_TOKEN, "sha256:bbbb000000000000");
        s.record(AuditOutcome.DENY_UNAUTHORIZED_TOKEN, "sha256:bbbb000000000000");
        s.record(AuditOutcome.DENY_AUTH_COOLDOWN, "sha256:cccc000000000000");
        s.record(AuditOutcome.BAD_ACTOR_BLOCKED, "sha256:bbbb000000000000");
        s.record(AuditOutcome.BLOCKED_BAD_ACTOR, "sha256:bbbb000000000000");
        s.recordAuthCheck(true);
        s.recordAuthCheck(false);
        s.recordAuthCheck(false);
        assertThat(s.lineAndReset(Instant.parse("2026-11-23T19:05:00Z"))).isEqualTo(
                "plexlabelproxy_audit_summary: since=2026-11-23T19:00:00Z elevated=1 deny_missing=1 deny_unauthorized=1"
                        + " deny_auth_cooldown=1 auth_cache_hit=1 auth_cache_miss=2 blocked_sources=1 blocked_requests=1"
                        + " top_sources=\"sha256:bbbb000000000000:4,sha256:cccc000000000000:1\"");
        assertThat(s.lineAndReset(Instant.parse("2026-11-23T19:10:00Z"))).isEqualTo(
                "plexlabelproxy_audit_summary: since=2026-11-23T19:05:00Z elevated=0 deny_missing=0 deny_unauthorized=0"
                        + " deny_auth_cooldown=0 auth_cache_hit=0 auth_cache_miss=0 blocked_sources=0 blocked_requests=0"
                        + " top_sources=\"\"");
    }

    @Test
    void accessLinesListSortedKeysWithoutTheTokenAndQuoteTheAgent() {
        assertThat(AccessLines.start("GET", "/livetv/dvrs", List.of("type", "X-Plex-Token", "X-Plex-Client-Identifier", "a"),
                true, false, "127.0.0.1", "sha256:bbbb000000000000", 1, false, "Plex/1.0 \"web\"\nX: y"))
                .isEqualTo("plexlabelproxy_access: phase=start method=GET path=/livetv/dvrs"
                        + " query_keys=\"X-Plex-Client-Identifier,a,type\" live_tv=true stream=false remote=127.0.0.1"
                        + " source=sha256:bbbb000000000000 forwarded_for_count=1 cf_connecting_ip=false"
                        + " ua=\"Plex/1.0 \\\"web\\\"\\x0aX: y\"");
        assertThat(AccessLines.done("GET", "/livetv/dvrs", 200, 1234, Duration.ofMillis(15), "sha256:bbbb000000000000",
                "sha256:1111111111111111")).isEqualTo("plexlabelproxy_access: phase=done method=GET path=/livetv/dvrs"
                        + " status=200 bytes=1234 dur=15ms source=sha256:bbbb000000000000 token_fp=sha256:1111111111111111");
        assertThat(AccessLines.traced(false, "/:/timeline")).isTrue();
        assertThat(AccessLines.traced(false, "/:/websockets/notifications")).isTrue();
        assertThat(AccessLines.traced(false, "/video/:/transcode/universal/start.m3u8")).isTrue();
        assertThat(AccessLines.traced(false, "/library/sections")).isFalse();
        assertThat(AccessLines.traced(true, "/media/providers")).isTrue();
    }
}
