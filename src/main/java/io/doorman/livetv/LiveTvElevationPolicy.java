package io.doorman.livetv;

import io.doorman.config.Cidr;
import io.doorman.config.LiveTvSettings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AccessLines;
import io.doorman.guard.AuditOutcome;
import io.doorman.guard.AuditSummary;
import io.doorman.guard.SecurityAuditLine;
import io.doorman.guard.SourceIdentity;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ExchangeListener;
import io.doorman.proxy.Header;
import io.doorman.proxy.RequestBody;
import io.doorman.proxy.RequestDecision;
import io.doorman.proxy.RequestHead;
import io.doorman.proxy.RequestPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Owner-token elevation as the runbook describes it: a classified Live TV request (or any request under
 * {@code -elevate-all}) whose inbound token is the owner's or verifies against PMS borrows the owner token
 * in query and header; everything else keeps the user's token. Repeated bad attempts block the source from
 * Live TV paths (429, nothing reaches PMS). Every decision that matters is one audit line.
 */
public final class LiveTvElevationPolicy implements RequestPolicy, ExchangeListener {

    private final LiveTvSettings settings;
    private final String ownerToken;
    private final List<Cidr> trustedProxies;
    private final TokenVerifier verifier;
    private final AbuseGuard guard;
    private final AuditSummary summary;
    private final Consumer<String> log;

    /** What the done line needs once the exchange ends. */
    private record Trace(String method, String path, String source, String tokenFp) {
    }

    public LiveTvElevationPolicy(LiveTvSettings settings, List<Cidr> trustedProxies, TokenVerifier verifier,
            AbuseGuard guard, AuditSummary summary, Consumer<String> log) {
        this.settings = settings;
        this.ownerToken = settings.ownerToken().reveal();
        this.trustedProxies = trustedProxies;
        this.verifier = verifier;
        this.guard = guard;
        this.summary = summary;
        this.log = log;
    }

    @Override
    public CompletionStage<RequestDecision> decide(RequestHead head, RequestBody body) {
        String path = head.rawPath();
        if (body == null && LiveTvClassifier.mayNeedBody(head.method(), path)) {
            return CompletableFuture.completedFuture(new RequestDecision.NeedBody(LiveTvClassifier.MAX_BODY_EVIDENCE_BYTES));
        }
        byte[] evidenceBody = body != null && body.complete() ? body.bytes() : null;
        LiveTvRequest req = new LiveTvRequest(head.method(), path, head.rawQuery(), head::header, evidenceBody);
        List<Map.Entry<String, String>> query = GoUrlDecoding.parseQuery(head.rawQuery()); // once per request
        LiveTvClassification c = LiveTvClassifier.classify(req, query);
        SourceIdentity.Source src = SourceIdentity.resolve(head.peer().getAddress(), trustedProxies,
                head.headerValues("X-Forwarded-For"), head.header("CF-Connecting-IP"));
        String token = PlexTokenLocation.inboundToken(query, head::header);
        String tokenHash = token.isEmpty() ? null : PlexTokens.sha256Hex(token);
        String tokenFp = tokenHash == null ? PlexTokens.MISSING : PlexTokens.fingerprintOfHash(tokenHash);
        Trace trace = null;
        if (AccessLines.traced(c.liveTv(), path)) {
            trace = new Trace(head.method(), path, src.fingerprint(), tokenFp);
            log.accept(AccessLines.start(head.method(), path, queryKeys(query), c.liveTv(), c.stream(),
                    src.remote(), src.fingerprint(), src.forwardedForCount(), src.cfConnectingIp(),
                    head.header("User-Agent")));
        }
        boolean candidate = settings.elevateAll()
                || (settings.elevateLiveTv() && (settings.elevateDiscoveryOnly() ? c.discovery() : c.liveTv()));
        if (!candidate) {
            return done(forward(trace));
        }
        Audit audit = new Audit(head, c, src, tokenFp, query, token, trace, c.liveTv() && guard.isBlocked(src.key()));
        if (token.isEmpty()) {
            return done(audit.blocked() ? block(audit) : deny(audit, AuditOutcome.DENY_MISSING_TOKEN, false));
        }
        if (!ownerToken.isEmpty() && token.equals(ownerToken)) {
            return done(elevate(audit));
        }
        if (guard.inCooldown(src.key(), tokenFp)) {
            return done(audit.blocked() ? block(audit) : deny(audit, AuditOutcome.DENY_AUTH_COOLDOWN, false));
        }
        Boolean cached = verifier.cachedAnswer(tokenHash);
        if (cached != null) { // the usual case: answered now, no future to chain
            return done(afterCheck(audit, cached, true));
        }
        return verifier.verify(token, tokenHash).thenApply(v -> afterCheck(audit, v.allowed(), v.cacheHit()));
    }

    private RequestDecision afterCheck(Audit a, boolean allowed, boolean cacheHit) {
        summary.recordAuthCheck(cacheHit);
        if (allowed) {
            return elevate(a);
        }
        return a.blocked() ? block(a) : deny(a, AuditOutcome.DENY_UNAUTHORIZED_TOKEN, cacheHit);
    }

    private static CompletionStage<RequestDecision> done(RequestDecision d) {
        return CompletableFuture.completedFuture(d);
    }

    /** One request's decision context. */
    private record Audit(RequestHead head, LiveTvClassification c, SourceIdentity.Source src, String tokenFp,
            List<Map.Entry<String, String>> query, String token, Trace trace, boolean blocked) {
        String line(AuditOutcome o, boolean cacheHit) {
            return SecurityAuditLine.decision(o, head.method(), head.rawPath(), c.liveTv(), c.discovery(), c.stream(),
                    src.remote(), src.fingerprint(), src.forwardedForCount(), src.cfConnectingIp(), tokenFp, cacheHit);
        }
    }

    private RequestDecision elevate(Audit a) {
        log.accept(a.line(AuditOutcome.ELEVATED, false));
        summary.record(AuditOutcome.ELEVATED, a.src().fingerprint());
        String target = PlexTokenLocation.inQuery(a.query())
                ? a.head().rawPath() + "?" + PlexTokenLocation.replaceInQuery(a.head().rawQuery(), ownerToken) : null;
        List<Header> edits = new ArrayList<>(2);
        edits.add(new Header(PlexTokenLocation.NAME, ownerToken));
        if (settings.userHeader()) {
            edits.add(new Header("X-Plex-User", a.token()));
        }
        return new RequestDecision.Forward(target, edits, a.trace());
    }

    private RequestDecision deny(Audit a, AuditOutcome outcome, boolean cacheHit) {
        log.accept(a.line(outcome, cacheHit));
        summary.record(outcome, a.src().fingerprint());
        AbuseGuard.Failure f = guard.recordFailure(a.src().key(), a.tokenFp());
        if (f.blockStarted()) {
            log.accept(SecurityAuditLine.blockStarted(a.src().fingerprint(), f.failures(),
                    guard.settings().window(), guard.settings().duration(), a.tokenFp()));
            summary.record(AuditOutcome.BAD_ACTOR_BLOCKED, a.src().fingerprint());
        }
        return forward(a.trace()); // a denied request still passes, with the client's own token
    }

    private RequestDecision block(Audit a) {
        log.accept(a.line(AuditOutcome.BLOCKED_BAD_ACTOR, false));
        summary.record(AuditOutcome.BLOCKED_BAD_ACTOR, a.src().fingerprint());
        RequestDecision.Respond r = RequestDecision.Respond.text(429, "too many unauthorized requests");
        return new RequestDecision.Respond(r.status(), r.headers(), r.body(), a.trace());
    }

    private static RequestDecision forward(Trace trace) {
        return trace == null ? RequestDecision.FORWARD : new RequestDecision.Forward(null, List.of(), trace);
    }

    private static List<String> queryKeys(List<Map.Entry<String, String>> query) {
        List<String> keys = new ArrayList<>(query.size());
        for (Map.Entry<String, String> e : query) {
            keys.add(e.getKey());
        }
        return keys;
    }

    @Override
    public void onComplete(RequestHead request, Object attachment, ExchangeOutcome outcome) {
        if (attachment instanceof Trace t) {
            log.accept(AccessLines.done(t.method(), t.path(), outcome.status(), outcome.bytesSent(),
                    Duration.ofNanos(outcome.durationNanos()), t.source(), t.tokenFp()));
        }
    }
}
