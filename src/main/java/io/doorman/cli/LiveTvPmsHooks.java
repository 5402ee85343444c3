package io.doorman.cli;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Settings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AuditSummary;
import io.doorman.livetv.LiveTvElevationPolicy;
import io.doorman.livetv.LiveTvResponseRewriter;
import io.doorman.livetv.OwnerHistory;
import io.doorman.livetv.PlaybackFollowUps;
import io.doorman.livetv.ProviderLabels;
import io.doorman.livetv.TokenVerifier;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.proxy.StartupException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The Live TV hooks for one PMS: its own control client, token verifier (a shared user's token is checked against
 * the server they are asking), provider labels (that server's DVRs) and owner history, over the abuse guard, audit
 * summary and log lines that every PMS behind one Doorman shares.
 */
final class LiveTvPmsHooks {

    /** What every PMS's hooks share. */
    record Shared(LiveTvSettings liveTv, Settings settings, AbuseGuard guard, AuditSummary summary,
            Consumer<String> log) {
    }

    private final TokenVerifier verifier;
    private final ProviderLabels labels;
    private final OwnerHistory history;
    private final ProxyHooks hooks;

    private LiveTvPmsHooks(TokenVerifier verifier, ProviderLabels labels, OwnerHistory history, ProxyHooks hooks) {
        this.verifier = verifier;
        this.labels = labels;
        this.history = history;
        this.hooks = hooks;
    }

    /** The hooks for the PMS at {@code pms.upstream()}, trusting its certificate as {@code pms} says. */
    static LiveTvPmsHooks create(Settings pms, Shared shared) throws StartupException {
        // The --upstream PMS keeps the bare fingerprints in cooldowns, as the runbook's state file has them.
        String cooldownScope = pms.upstream().equals(shared.settings().upstream()) ? "" : pms.upstream().toString();
        LiveTvSettings lt = shared.liveTv();
        PmsClient client = client(pms); // one client (and connection pool) for every control call to this PMS
        TokenVerifier verifier = new TokenVerifier(client, lt.tokenCacheTtl(), 10_000, Duration.ofSeconds(5),
                System::nanoTime);
        ProviderLabels labels = null;
        if (lt.providerLabels() || lt.spoofIdentity()) {
            labels = new ProviderLabels(client, lt.token().reveal(), lt.stripPrefix(),
                    Duration.ofSeconds(lt.refreshSeconds()), System::nanoTime); // both commands turn <= 0 into 30
        }
        LiveTvResponseRewriter rewriter = lt.elevateLiveTv() || labels != null
                ? new LiveTvResponseRewriter(lt.elevateLiveTv(), labels, lt.spoofIdentity(), lt.rewriteMaxBytes())
                : null;
        OwnerHistory history = null;
        PlaybackFollowUps followUps = null;
        if (lt.neutralizeOwnerHistory() && lt.elevates()) {
            history = new OwnerHistory(OwnerHistory.DEFAULT_MAX_KEYS, System::currentTimeMillis);
            followUps = new PlaybackFollowUps(client, lt.ownerToken().reveal(), PlaybackFollowUps.DEFAULT_MAX_IN_FLIGHT,
                    shared.log());
        }
        LiveTvElevationPolicy policy = new LiveTvElevationPolicy(lt, shared.settings().trustedProxies(), verifier,
                shared.guard(), shared.summary(), shared.log(), rewriter == null ? null : rewriter::mayRewrite,
                history, followUps, cooldownScope);
        ResponsePolicy responses = rewriter == null ? ResponsePolicy.STREAM_ALL : rewriter;
        return new LiveTvPmsHooks(verifier, labels, history,
                new ProxyHooks(policy, responses, policy, PlexTokens::redactTarget));
    }

    ProxyHooks hooks() {
        return hooks;
    }

    TokenVerifier verifier() {
        return verifier;
    }

    /** This PMS's provider labels, or null when labels are off. */
    ProviderLabels labels() {
        return labels;
    }

    /** This PMS's tracked owner playbacks, or null when owner history is not neutralized. */
    OwnerHistory history() {
        return history;
    }

    private static PmsClient client(Settings pms) throws StartupException {
        try {
            return PmsClient.forSettings(pms);
        } catch (GeneralSecurityException | IOException e) {
            throw new StartupException("cannot set up TLS for calls to PMS " + pms.upstream() + ": " + e.getMessage(),
                    e);
        }
    }
}
