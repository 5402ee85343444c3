package io.doorman.livetv;

import io.doorman.config.Cidr;
import io.doorman.config.LiveTvSettings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AccessLines;
import io.doorman.guard.AuditOutcome;
import io.doorman.guard.AuditSummary;
import io.doorman.guard.PlaybackLine;
import io.doorman.guard.SecurityAuditLine;
import io.doorman.guard.SourceIdentity;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ExchangeListener;
import io.doorman.proxy.Header;
import io.doorman.proxy.RequestBody;
import io.doorman.proxy.RequestDecision;
import io.doorman.proxy.RequestHead;
import io.doorman.proxy.RequestPolicy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Owner-token elevation as the runbook describes it: a classified Live TV request (or any request under
 * {@code -elevate-all}) whose inbound token is the owner's or verifies against PMS borrows the owner token
 * in query and header; everything else keeps the user's token. Repeated bad attempts block the source from
 * Live TV paths (429, nothing reaches PMS). Every decision that matters is one audit line.
 */
public final class LiveTvElevationPolicy implements RequestPolicy, ExchangeListener {

    private final LiveTvSettings settings;
    private final String ownerToken;
    private final String ownerTokenInQuery; // URL-encoded once
    private final List<Cidr> trustedProxies;
    private final TokenVerifier verifier;
    private final AbuseGuard guard;
    private final AuditSummary summary;
    private final Consumer<String> log;
    private final Predicate<String> rewritablePath;
    private final OwnerHistory history;
    private final PlaybackFollowUps followUps;
    private final String cooldownScope;

    /**
     * What the exchange's end needs: the access done line (when {@code accessLines}) and the follow-up calls
     * of an owner-token playback report (when not null).
     */
    private record Trace(String method, String path, String source, String tokenFp, boolean accessLines,
            PlaybackFollowUps.FollowUp followUp) {
    }

    public LiveTvElevationPolicy(LiveTvSettings settings, List<Cidr> trustedProxies, TokenVerifier verifier,
            AbuseGuard guard, AuditSummary summary, Consumer<String> log) {
        this(settings, trustedProxies, verifier, guard, summary, log, null, null, null);
    }

    /**
     * @param rewritablePath paths whose GET responses may be rewritten (they get a narrowed Accept-Encoding);
     *                  null when none
     * @param history   playback tracking for {@code -neutralize-owner-history}; null when off
     * @param followUps its background calls; null when off
     */
    public LiveTvElevationPolicy(LiveTvSettings settings, List<Cidr> trustedProxies, TokenVerifier verifier,
            AbuseGuard guard, AuditSummary summary, Consumer<String> log, Predicate<String> rewritablePath,
            OwnerHistory history, PlaybackFollowUps followUps) {
        this(settings, trustedProxies, verifier, guard, summary, log, rewritablePath, history, followUps, "");
    }

    /**
     * As the constructor above, for one of several PMS sharing {@code guard}.
     *
     * @param cooldownScope names this PMS in the guard's cooldowns, so a token this PMS refused is not cooled down
     *                      for another that may accept it; empty for the one PMS of the runbook's setup (its
     *                      cooldowns are keyed by the bare fingerprint, as the Go tool's state file has them)
     */
    public LiveTvElevationPolicy(LiveTvSettings settings, List<Cidr> trustedProxies, TokenVerifier verifier,
            AbuseGuard guard, AuditSummary summary, Consumer<String> log, Predicate<String> rewritablePath,
            OwnerHistory history, PlaybackFollowUps followUps, String cooldownScope) {
        this.cooldownScope = cooldownScope;
        this.rewritablePath = rewritablePath;
        this.history = history;
        this.followUps = followUps;
        this.settings = settings;
        this.ownerToken = settings.ownerToken().reveal();
        this.ownerTokenInQuery = URLEncoder.encode(ownerToken, StandardCharsets.UTF_8);
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
        boolean traced = AccessLines.traced(c.liveTv(), path);
        boolean candidate = settings.elevateAll()
                || (settings.elevateLiveTv() && (settings.elevateDiscoveryOnly() ? c.discovery() : c.liveTv()));
        Header acceptEncoding = rewritablePath != null && head.method().equals("GET") && rewritablePath.test(path)
                ? new Header("Accept-Encoding", AcceptEncodings.narrowed(head.header("Accept-Encoding"))) : null;
        if (!traced && !candidate && (history == null || !OwnerHistory.isPlaybackReport(path))) {
            // Most requests (libraries, media): nothing to log or decide, so no source or token hashing.
            return done(forward(null, acceptEncoding));
        }
        SourceIdentity.Source src = SourceIdentity.resolve(head.peer().getAddress(), trustedProxies,
                head.headerValues("X-Forwarded-For"), head.header("CF-Connecting-IP"));
        String token = PlexTokenLocation.inboundToken(query, head::header);
        String tokenHash = token.isEmpty() ? null : PlexTokens.sha256Hex(token);
        String tokenFp = tokenHash == null ? PlexTokens.MISSING : PlexTokens.fingerprintOfHash(tokenHash);
        if (traced) {
            log.accept(AccessLines.start(head.method(), path, queryKeys(query), c.liveTv(), c.stream(),
                    src.remote(), src.fingerprint(), src.forwardedForCount(), src.cfConnectingIp(),
                    head.header("User-Agent")));
        }
        Trace trace = traced ? new Trace(head.method(), path, src.fingerprint(), tokenFp, true, null) : null;
        // Correlation keys only where owner history needs them: not on every request's hot path.
        boolean needKeys = history != null && ((!candidate && OwnerHistory.isPlaybackReport(path))
                || (candidate && (token.isEmpty() || playback(c, path))));
        List<OwnerHistory.Key> keys = needKeys ? OwnerHistory.keys(path, query, head::header) : List.of();
        if (needKeys && !candidate && !keys.isEmpty() && OwnerHistory.isReportMethod(head.method())) {
            RequestDecision switched = playbackReport(head, c, src, token, tokenFp, query, keys, trace);
            if (switched != null) {
                return done(switched);
            }
        }
        if (!candidate) {
            return done(forward(trace, acceptEncoding));
        }
        if (token.isEmpty() && history != null && c.liveTv() && !keys.isEmpty()
                && history.match(keys, src.key()) instanceof OwnerHistory.Same same) {
            token = same.userToken(); // the playback's own user, from the same source
            tokenHash = PlexTokens.sha256Hex(token);
            log.accept(PlaybackLine.request("session_token_recovered", head.method(), path, src.fingerprint(),
                    PlexTokens.fingerprintOfHash(tokenHash), OwnerHistory.kinds(keys),
                    "token-less Live TV request matched a tracked playback from the same source"));
            tokenFp = PlexTokens.fingerprintOfHash(tokenHash);
        }
        Audit audit = new Audit(head, c, src, tokenFp, query, token, trace, c.liveTv() && guard.isBlocked(src.key()),
                acceptEncoding, keys);
        if (token.isEmpty()) {
            return done(audit.blocked() ? block(audit) : deny(audit, AuditOutcome.DENY_MISSING_TOKEN, false));
        }
        if (!ownerToken.isEmpty() && token.equals(ownerToken)) {
            return done(elevate(audit));
        }
        if (guard.inCooldown(src.key(), cooldownKey(tokenFp))) {
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
            List<Map.Entry<String, String>> query, String token, Trace trace, boolean blocked, Header acceptEncoding,
            List<OwnerHistory.Key> keys) {
        String line(AuditOutcome o, boolean cacheHit) {
            return SecurityAuditLine.decision(o, head.method(), head.rawPath(), c.liveTv(), c.discovery(), c.stream(),
                    src.remote(), src.fingerprint(), src.forwardedForCount(), src.cfConnectingIp(), tokenFp, cacheHit);
        }
    }

    private RequestDecision elevate(Audit a) {
        log.accept(a.line(AuditOutcome.ELEVATED, false));
        summary.record(AuditOutcome.ELEVATED, a.src().fingerprint());
        Trace trace = a.trace();
        boolean byUser = !a.token().equals(ownerToken);
        if (history != null && byUser && !a.keys().isEmpty() && playback(a.c(), a.head().rawPath())) {
            trace = trackPlayback(a, trace);
        }
        return ownerForward(a.head(), a.query(), a.token(), a.acceptEncoding(), trace);
    }

    /** The request sent on with the owner token in query (when it had one there) and header. */
    private RequestDecision ownerForward(RequestHead head, List<Map.Entry<String, String>> query, String userToken,
            Header acceptEncoding, Trace trace) {
        String target = PlexTokenLocation.inQuery(query)
                ? head.rawPath() + "?" + PlexTokenLocation.replaceInQueryEncoded(head.rawQuery(), ownerTokenInQuery) : null;
        List<Header> edits = new ArrayList<>(3);
        edits.add(new Header(PlexTokenLocation.NAME, ownerToken));
        if (settings.userHeader() && !userToken.isEmpty()) {
            edits.add(new Header("X-Plex-User", userToken));
        }
        if (acceptEncoding != null) {
            edits.add(acceptEncoding);
        }
        return new RequestDecision.Forward(target, edits, trace);
    }

    /**
     * Remembers an elevated playback of a user ({@code -neutralize-owner-history}): stream starts and
     * {@code /livetv/sessions/} requests (never under discovery-only), every elevated request under
     * {@code -elevate-all}, whose playback reports then also get their follow-up calls.
     */
    private Trace trackPlayback(Audit a, Trace trace) {
        String path = a.head().rawPath();
        if (history.track(a.keys(), a.token(), a.src().key())) {
            log.accept(PlaybackLine.request("tracked", a.head().method(), path, a.src().fingerprint(), a.tokenFp(),
                    OwnerHistory.kinds(a.keys()), "elevated Live TV playback remembered for 8h0m0s"));
        }
        if (!OwnerHistory.isPlaybackReport(path)) {
            return trace;
        }
        return withFollowUp(trace, a.head(), a.src(), a.tokenFp(), a.query(), a.token(), a.keys());
    }

    /** Whether an elevated request of a user starts or carries a playback worth tracking. */
    private boolean playback(LiveTvClassification c, String path) {
        return settings.elevateAll()
                || (!settings.elevateDiscoveryOnly() && (c.stream() || path.startsWith("/livetv/sessions/")));
    }

    /**
     * A playback report ({@code /:/timeline}, {@code /:/scrobble}, {@code /:/progress}) of a tracked playback:
     * from the same source (and the same user, when it carries a token) it goes to PMS under the owner token
     * and is replayed under the user's afterwards; otherwise it is logged and passes as it came (null).
     */
    private RequestDecision playbackReport(RequestHead head, LiveTvClassification c, SourceIdentity.Source src,
            String token, String tokenFp, List<Map.Entry<String, String>> query, List<OwnerHistory.Key> keys,
            Trace trace) {
        String path = head.rawPath();
        OwnerHistory.Match m = history.match(keys, src.key());
        if (m instanceof OwnerHistory.OtherSource) {
            log.accept(PlaybackLine.request("source_mismatch", head.method(), path, src.fingerprint(), tokenFp,
                    OwnerHistory.kinds(keys), "tracked playback belongs to another source; report keeps its own token"));
            return null;
        }
        if (!(m instanceof OwnerHistory.Same same)) {
            return null;
        }
        if (!token.isEmpty() && !token.equals(same.userToken())) {
            log.accept(PlaybackLine.request("token_mismatch", head.method(), path, src.fingerprint(), tokenFp,
                    OwnerHistory.kinds(keys), "tracked playback belongs to another user; report keeps its own token"));
            return null;
        }
        String userFp = PlexTokens.fingerprint(same.userToken());
        log.accept(SecurityAuditLine.decision(AuditOutcome.ELEVATED, head.method(), path, c.liveTv(), c.discovery(),
                c.stream(), src.remote(), src.fingerprint(), src.forwardedForCount(), src.cfConnectingIp(), userFp,
                "owner token borrowed for tracked Live TV playback report"));
        summary.record(AuditOutcome.ELEVATED, src.fingerprint());
        log.accept(PlaybackLine.request("owner_report", head.method(), path, src.fingerprint(), userFp,
                OwnerHistory.kinds(keys), "sent under the owner token; replayed under the user's"));
        if ("stopped".equals(GoUrlDecoding.first(query, "state"))) {
            history.forget(keys);
            log.accept(PlaybackLine.request("stopped", head.method(), path, src.fingerprint(), userFp,
                    OwnerHistory.kinds(keys), "playback stopped; its keys are forgotten"));
        }
        Trace t = withFollowUp(trace, head, src, userFp, query, same.userToken(), keys);
        return ownerForward(head, query, same.userToken(), null, t);
    }

    private Trace withFollowUp(Trace trace, RequestHead head, SourceIdentity.Source src, String tokenFp,
            List<Map.Entry<String, String>> query, String userToken, List<OwnerHistory.Key> keys) {
        List<Header> plex = new ArrayList<>();
        for (Header h : head.headers()) {
            if (h.name().regionMatches(true, 0, "X-Plex-", 0, 7) && !h.name().equalsIgnoreCase(PlexTokenLocation.NAME)) {
                plex.add(h);
            }
        }
        String ratingKey = head.rawPath().equals("/:/scrobble") ? OwnerHistory.scrobbledItem(query) : null;
        PlaybackFollowUps.FollowUp f = new PlaybackFollowUps.FollowUp(head.method(), head.rawPath(), head.rawQuery(),
                plex, userToken, ratingKey == null || ratingKey.isBlank() ? null : ratingKey);
        return trace != null ? new Trace(trace.method(), trace.path(), trace.source(), tokenFp, true, f)
                : new Trace(head.method(), head.rawPath(), src.fingerprint(), tokenFp, false, f);
    }

    private String cooldownKey(String tokenFp) {
        return cooldownScope.isEmpty() || PlexTokens.MISSING.equals(tokenFp) ? tokenFp : tokenFp + " " + cooldownScope;
    }

    private RequestDecision deny(Audit a, AuditOutcome outcome, boolean cacheHit) {
        log.accept(a.line(outcome, cacheHit));
        summary.record(outcome, a.src().fingerprint());
        AbuseGuard.Failure f = guard.recordFailure(a.src().key(), cooldownKey(a.tokenFp()));
        if (f.blockStarted()) {
            log.accept(SecurityAuditLine.blockStarted(a.src().fingerprint(), f.failures(),
                    guard.settings().window(), guard.settings().duration(), a.tokenFp()));
            summary.record(AuditOutcome.BAD_ACTOR_BLOCKED, a.src().fingerprint());
        }
        return forward(a.trace(), a.acceptEncoding()); // a denied request still passes, with the client's own token
    }

    private RequestDecision block(Audit a) {
        log.accept(a.line(AuditOutcome.BLOCKED_BAD_ACTOR, false));
        summary.record(AuditOutcome.BLOCKED_BAD_ACTOR, a.src().fingerprint());
        RequestDecision.Respond r = RequestDecision.Respond.text(429, "too many unauthorized requests");
        return new RequestDecision.Respond(r.status(), r.headers(), r.body(), a.trace());
    }

    private static RequestDecision forward(Trace trace, Header acceptEncoding) {
        if (acceptEncoding != null) {
            return new RequestDecision.Forward(null, List.of(acceptEncoding), trace);
        }
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
            if (t.accessLines()) {
                log.accept(AccessLines.done(t.method(), t.path(), outcome.status(), outcome.bytesSent(),
                        Duration.ofNanos(outcome.durationNanos()), t.source(), t.tokenFp()));
            }
            if (t.followUp() != null && followUps != null) {
                followUps.run(t.followUp(), outcome.status());
            }
        }
    }
}
