package io.doorman.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecurityAuditLineTest {

    @Test
    void decisionLineMatchesTheSpecExampleFieldForField() {
        String line = SecurityAuditLine.decision(AuditOutcome.DENY_UNAUTHORIZED_TOKEN, "GET", "/livetv/dvrs", true,
                true, false, "127.0.0.1", "sha256:cb5f37b4762871e6", 2, true, "sha256:a67fa39caab4a23f", false);
        assertThat(line).isEqualTo("plexlabelproxy_audit: outcome=deny_unauthorized_token method=GET path=/livetv/dvrs"
                + " live_tv=true discovery=true stream=false remote=127.0.0.1 source=sha256:cb5f37b4762871e6"
                + " forwarded_for_count=2 cf_connecting_ip=true token_fp=sha256:a67fa39caab4a23f"
                + " reason=\"inbound Plex token is not authorized for this server auth_cache_hit=false\"");
    }

    @Test
    void everyOutcomeHasTheRunbookNameAndReason() {
        assertThat(SecurityAuditLine.decision(AuditOutcome.ELEVATED, "GET", "/media/providers", true, true, false,
                "127.0.0.1", "sha256:0000000000000000", 0, false, "sha256:1111111111111111", true))
                .contains("outcome=elevated_live_tv ").endsWith("reason=\"owner token borrowed for authorized Live TV request\"");
        assertThat(SecurityAuditLine.decision(AuditOutcome.DENY_MISSING_TOKEN, "GET", "/livetv/dvrs", true, true, false,
                "::1", "sha256:0000000000000000", 0, false, "missing", false))
                .contains("outcome=deny_missing_token ").contains("token_fp=missing ")
                .endsWith("reason=\"missing inbound Plex token\"");
        assertThat(SecurityAuditLine.decision(AuditOutcome.DENY_AUTH_COOLDOWN, "GET", "/livetv/dvrs", true, true, false,
                "127.0.0.1", "sha256:0000000000000000", 1, false, "sha256:1111111111111111", false))
                .endsWith("reason=\"recently denied source/token pair is cooling down\"");
        assertThat(SecurityAuditLine.decision(AuditOutcome.BLOCKED_BAD_ACTOR, "GET", "/livetv/dvrs", true, true, false,
                "127.0.0.1", "sha256:0000000000000000", 1, false, "sha256:1111111111111111", false))
                .contains("outcome=blocked_bad_actor ")
                .endsWith("reason=\"temporary block after repeated bad elevation attempts\"");
        assertThat(AuditOutcome.DENY_MISSING_TOKEN.countsAsFailure()).isTrue();
        assertThat(AuditOutcome.ELEVATED.countsAsFailure()).isFalse();
        assertThat(AuditOutcome.BLOCKED_BAD_ACTOR.countsAsFailure()).isFalse();
    }

    @Test
    void blockLineUsesGoDurationsAndNoRawAddress() {
        String line = SecurityAuditLine.blockStarted("sha256:cb5f37b4762871e6", 5, Duration.ofMinutes(5),
                Duration.ofMinutes(30), "sha256:a67fa39caab4a23f");
        assertThat(line).isEqualTo("plexlabelproxy_audit: outcome=bad_actor_blocked source=sha256:cb5f37b4762871e6"
                + " failures=5 window=5m0s blocked_for=30m0s token_fp=sha256:a67fa39caab4a23f"
                + " reason=\"source crossed the repeated-denial threshold\"");
    }
}
