package io.doorman.cli;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Settings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.AuditSummary;
import io.doorman.guard.BlockStateFile;
import io.doorman.guard.BlockStateWriter;
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
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds the proxy hooks for the Live TV settings: pass-through when no Live TV behaviour is asked for, else
 * the elevation policy with its token verifier, abuse guard (and its state file), audit summary timer, the
 * response rewriter (allowTuners hints, provider labels), owner-history tracking, and the
 * {@code plexlabelproxy_*} log lines on stdout.
 */
final class LiveTvWiring implements AutoCloseable {

    private final ProxyHooks hooks;
    private final BlockStateWriter writer;
    private final ScheduledExecutorService summaryTimer;
    private final StdoutLineWriter lines;
    private final ProviderLabels labels;

    private LiveTvWiring(ProxyHooks hooks, BlockStateWriter writer, ScheduledExecutorService summaryTimer,
            StdoutLineWriter lines, ProviderLabels labels) {
        this.hooks = hooks;
        this.labels = labels;
        this.writer = writer;
        this.summaryTimer = summaryTimer;
        this.lines = lines;
    }

    static LiveTvWiring create(Settings s, MeterRegistry registry) throws StartupException {
        LiveTvSettings lt = s.liveTv();
        if (!lt.anyEnabled()) {
            return new LiveTvWiring(ProxyHooks.passThrough(PlexTokens::redactTarget), null, null, null, null);
        }
        if (lt.elevates() && lt.ownerToken().isEmpty()) {
            throw new StartupException("elevation needs the owner token: set -owner-token, IPTV_TUNERR_PMS_OWNER_TOKEN,"
                    + " PLEX_OWNER_TOKEN or -token", null);
        }
        boolean labelsOn = lt.providerLabels() || lt.spoofIdentity();
        if (labelsOn && lt.token().isEmpty()) {
            throw new StartupException("provider labels need a token to read /livetv/dvrs: set -token,"
                    + " IPTV_TUNERR_PMS_TOKEN or PLEX_TOKEN (doorman serve: --owner-token)", null);
        }
        StdoutLineWriter lines = new StdoutLineWriter();
        Consumer<String> log = lines;
        Gauge.builder("doorman.livetv.log.lines.dropped", lines::dropped)
                .description("plexlabelproxy_* lines dropped because stdout fell behind").register(registry);
        AbuseSettings abuse = AbuseSettings.from(lt);
        AbuseGuard guard;
        BlockStateWriter writer = null;
        if (lt.abuseBlockStateFile() != null) {
            BlockStateFile file = new BlockStateFile(lt.abuseBlockStateFile());
            try {
                Map<String, io.doorman.guard.SourceState> loaded = file.load(System.currentTimeMillis());
                guard = new AbuseGuard(abuse, Clock.systemUTC(), AbuseGuard.DEFAULT_MAX_SOURCES, loaded);
            } catch (IOException e) {
                throw new StartupException("cannot use block state file " + file.path() + ": " + e.getMessage(), e);
            }
            writer = BlockStateWriter.attach(guard, file);
        } else {
            guard = new AbuseGuard(abuse, Clock.systemUTC());
        }
        PmsClient pms = pmsClient(s); // one client (and connection pool) for every control call to PMS
        TokenVerifier verifier = new TokenVerifier(pms, lt.tokenCacheTtl(), 10_000,
                Duration.ofSeconds(5), System::nanoTime);
        AuditSummary summary = new AuditSummary(Instant.now(), registry);
        AbuseGuard g = guard;
        Gauge.builder("doorman.livetv.blocked.sources", () -> g.snapshot().values().stream()
                        .filter(st -> st.blockedUntilMillis() > System.currentTimeMillis()).count())
                .description("Sources blocked from Live TV paths right now").register(registry);
        Gauge.builder("doorman.livetv.guard.evictions", g::evictions)
                .description("Sources dropped from the abuse guard to keep it bounded").register(registry);
        Gauge.builder("doorman.livetv.token.cache.evictions", verifier::evictions)
                .description("Token answers dropped from the cache to keep it bounded").register(registry);
        ScheduledExecutorService timer = null;
        Duration every = lt.auditSummaryInterval();
        if (every != null && !every.isNegative() && !every.isZero()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("doorman-audit-summary").unstarted(r));
            timer.scheduleAtFixedRate(() -> log.accept(summary.lineAndReset(Instant.now())),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        ProviderLabels labels = null;
        if (labelsOn) {
            labels = new ProviderLabels(pms, lt.token().reveal(), lt.stripPrefix(),
                    Duration.ofSeconds(lt.refreshSeconds()), System::nanoTime); // both commands turn <= 0 into 30
            ProviderLabels l = labels;
            Gauge.builder("doorman.livetv.labels.loads", l::loads)
                    .description("Successful loads of the provider label map from /livetv/dvrs").register(registry);
            Gauge.builder("doorman.livetv.labels.failures", l::failures)
                    .description("Failed loads of the provider label map (the previous map was kept)").register(registry);
        }
        LiveTvResponseRewriter rewriter = lt.elevateLiveTv() || labels != null
                ? new LiveTvResponseRewriter(lt.elevateLiveTv(), labels, lt.spoofIdentity(), lt.rewriteMaxBytes()) : null;
        OwnerHistory history = null;
        PlaybackFollowUps followUps = null;
        if (lt.neutralizeOwnerHistory() && lt.elevates()) {
            history = new OwnerHistory(OwnerHistory.DEFAULT_MAX_KEYS, System::currentTimeMillis);
            followUps = new PlaybackFollowUps(pms, lt.ownerToken().reveal(),
                    PlaybackFollowUps.DEFAULT_MAX_IN_FLIGHT, log);
            OwnerHistory h = history;
            Gauge.builder("doorman.livetv.history.keys", h::size)
                    .description("Correlation keys of tracked Live TV playbacks").register(registry);
            Gauge.builder("doorman.livetv.history.evictions", h::evictions)
                    .description("Tracked playback keys dropped to keep the map bounded").register(registry);
        }
        LiveTvElevationPolicy policy = new LiveTvElevationPolicy(lt, s.trustedProxies(), verifier, guard, summary, log,
                rewriter == null ? null : rewriter::mayRewrite, history, followUps);
        ResponsePolicy responses = rewriter == null ? ResponsePolicy.STREAM_ALL : rewriter;
        return new LiveTvWiring(new ProxyHooks(policy, responses, policy, PlexTokens::redactTarget),
                writer, timer, lines, labels);
    }

    ProxyHooks hooks() {
        return hooks;
    }

    /**
     * The proxy is serving and the startup line is out: load the provider labels now, in the background, so
     * they are usually ready before the first client asks (a failure is logged and retried, never fatal).
     */
    void started() {
        if (labels != null) {
            labels.refresh();
        }
    }

    /** The client for calls to PMS, trusting what the proxy trusts for an https upstream. */
    private static PmsClient pmsClient(Settings s) throws StartupException {
        try {
            return PmsClient.forSettings(s);
        } catch (GeneralSecurityException | IOException e) {
            throw new StartupException("cannot set up TLS for calls to PMS: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (summaryTimer != null) {
            summaryTimer.shutdownNow();
        }
        if (writer != null) {
            writer.close();
        }
        if (lines != null) {
            lines.close();
        }
    }
}
