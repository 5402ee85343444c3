package io.doorman.guard;

/** The security audit outcomes of {@code plexlabelproxy_audit:} lines, with the runbook's names and reasons. */
public enum AuditOutcome {
    ELEVATED("elevated_live_tv", "owner token borrowed for authorized Live TV request"),
    DENY_MISSING_TOKEN("deny_missing_token", "missing inbound Plex token"),
    DENY_UNAUTHORIZED_TOKEN("deny_unauthorized_token", "inbound Plex token is not authorized for this server"),
    DENY_AUTH_COOLDOWN("deny_auth_cooldown", "recently denied source/token pair is cooling down"),
    BLOCKED_BAD_ACTOR("blocked_bad_actor", "temporary block after repeated bad elevation attempts"),
    BAD_ACTOR_BLOCKED("bad_actor_blocked", "source crossed the repeated-denial threshold");

    private final String wire;
    private final String reason;

    AuditOutcome(String wire, String reason) {
        this.wire = wire;
        this.reason = reason;
    }

    /** The {@code outcome=} value. */
    public String wire() {
        return wire;
    }

    /** The default {@code reason=} text. */
    public String reason() {
        return reason;
    }

    /** Whether this outcome counts as a bad attempt against the source. */
    public boolean countsAsFailure() {
        return this == DENY_MISSING_TOKEN || this == DENY_UNAUTHORIZED_TOKEN || this == DENY_AUTH_COOLDOWN;
    }
}
