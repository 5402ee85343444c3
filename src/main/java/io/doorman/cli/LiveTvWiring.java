package io.doorman.cli;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Settings;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.PlexHost;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.AuditSummary;
import io.doorman.guard.BlockStateFile;
import io.doorman.guard.BlockStateWriter;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.StartupException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Builds the proxy hooks for the Live TV settings: pass-through when no Live TV behaviour is asked for, else
 * the abuse guard (and its state file), audit summary timer and {@code plexlabelproxy_*} log lines on stdout that
 * every PMS shares, and per PMS ({@code --upstream}, and each other one a host with Live TV on routes to) the
 * elevation policy with its token verifier, response rewriter and owner-history tracking.
 */
final class LiveTvWiring implements AutoCloseable {

    private final Settings settings;
    private final LiveTvPmsHooks.Shared shared;
    private final LiveTvPmsHooks primary;
    private final Map<PmsKey, LiveTvPmsHooks> others = new ConcurrentHashMap<>();
    private final BlockStateWriter writer;
    private final ScheduledExecutorService summaryTimer;
    private final StdoutLineWriter lines;
    private final AtomicReference<Consumer<String>> auditTap;
    private volatile boolean started;

    private LiveTvWiring(Settings settings, LiveTvPmsHooks.Shared shared, LiveTvPmsHooks primary,
            BlockStateWriter writer, ScheduledExecutorService summaryTimer, StdoutLineWriter lines,
            AtomicReference<Consumer<String>> auditTap) {
        this.settings = settings;
        this.auditTap = auditTap;
        this.shared = shared;
        this.primary = primary;
        this.writer = writer;
        this.summaryTimer = summaryTimer;
        this.lines = lines;
    }

    static LiveTvWiring create(Settings s, MeterRegistry registry) throws StartupException {
        LiveTvSettings lt = s.liveTv();
        if (!lt.anyEnabled()) {
            return new LiveTvWiring(s, null, null, null, null, null, new AtomicReference<>(line -> { }));
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
        AtomicReference<Consumer<String>> tap = new AtomicReference<>(line -> { });
        Consumer<String> log = line -> {
            lines.accept(line);
            tap.get().accept(line);
        };
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
        AuditSummary summary = new AuditSummary(Instant.now(), registry);
        AbuseGuard g = guard;
        Gauge.builder("doorman.livetv.blocked.sources", () -> g.snapshot().values().stream()
                        .filter(st -> st.blockedUntilMillis() > System.currentTimeMillis()).count())
                .description("Sources blocked from Live TV paths right now").register(registry);
        Gauge.builder("doorman.livetv.guard.evictions", g::evictions)
                .description("Sources dropped from the abuse guard to keep it bounded").register(registry);
        ScheduledExecutorService timer = null;
        Duration every = lt.auditSummaryInterval();
        if (every != null && !every.isNegative() && !every.isZero()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("doorman-audit-summary").unstarted(r));
            timer.scheduleAtFixedRate(() -> log.accept(summary.lineAndReset(Instant.now())),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        LiveTvPmsHooks.Shared shared = new LiveTvPmsHooks.Shared(lt, s, guard, summary, log);
        LiveTvWiring wiring = new LiveTvWiring(s, shared, null, writer, timer, lines, tap);
        LiveTvPmsHooks primary;
        try {
            primary = LiveTvPmsHooks.create(s, shared);
        } catch (StartupException e) {
            wiring.close();
            throw e;
        }
        wiring = new LiveTvWiring(s, shared, primary, writer, timer, lines, tap);
        wiring.registerGauges(registry, labelsOn);
        return wiring;
    }

    /** Gauges over every PMS's hooks, so one server or several read the same way. */
    private void registerGauges(MeterRegistry registry, boolean labelsOn) {
        Gauge.builder("doorman.livetv.token.cache.evictions", () -> sum(p -> p.verifier().evictions()))
                .description("Token answers dropped from the cache to keep it bounded").register(registry);
        if (labelsOn) {
            Gauge.builder("doorman.livetv.labels.loads", () -> sum(p -> p.labels().loads()))
                    .description("Successful loads of the provider label map from /livetv/dvrs").register(registry);
            Gauge.builder("doorman.livetv.labels.failures", () -> sum(p -> p.labels().failures()))
                    .description("Failed loads of the provider label map (the previous map was kept)")
                    .register(registry);
        }
        if (primary.history() != null) {
            Gauge.builder("doorman.livetv.history.keys", () -> sum(p -> p.history().size()))
                    .description("Correlation keys of tracked Live TV playbacks").register(registry);
            Gauge.builder("doorman.livetv.history.evictions", () -> sum(p -> p.history().evictions()))
                    .description("Tracked playback keys dropped to keep the map bounded").register(registry);
        }
    }

    private double sum(ToDoubleFunction<LiveTvPmsHooks> metric) {
        double total = metric.applyAsDouble(primary);
        for (LiveTvPmsHooks p : others.values()) {
            total += metric.applyAsDouble(p);
        }
        return total;
    }

    /** The hooks for the {@code --upstream} PMS (all of them when no hosts are configured). */
    ProxyHooks hooks() {
        return primary == null ? ProxyHooks.passThrough(PlexTokens::redactTarget) : primary.hooks();
    }

    /**
     * The proxy is serving and the startup line is out: load the provider labels now, in the background, so
     * they are usually ready before the first client asks (a failure is logged and retried, never fatal).
     */
    void started() {
        started = true;
        if (primary == null) {
            return;
        }
        refreshLabels(primary);
        others.values().forEach(LiveTvWiring::refreshLabels);
    }

    private static void refreshLabels(LiveTvPmsHooks p) {
        if (p.labels() != null) {
            p.labels().refresh();
        }
    }

    /** Whether Live TV is wired at all (else every request passes through and no host may ask for it). */
    boolean active() {
        return shared != null;
    }

    /**
     * Makes ready the hooks of every PMS a host with Live TV on routes to, before those hosts go live.
     *
     * @return {@code hosts} as they are
     * @throws IllegalArgumentException when a host wants Live TV and this process runs without it, or the hooks
     *                                  for its PMS cannot be built
     */
    Hosts prepare(Hosts hosts) {
        for (PlexHost h : hosts.all()) {
            if (!h.plexMode().liveTv()) {
                continue;
            }
            if (!active()) {
                throw new IllegalArgumentException("host '" + h.name() + "' has Live TV for shared users on, but"
                        + " doorman serve started without Live TV: restart it (with the owner token set) to turn"
                        + " Live TV on");
            }
            forHost(h);
        }
        return hosts;
    }

    /** The hooks for the PMS {@code host} routes to; built on first use. */
    ProxyHooks forHost(PlexHost host) {
        if (host.upstream().equals(settings.upstream())) {
            return primary.hooks();
        }
        PmsKey key = new PmsKey(host.upstream(), host.upstreamSkipVerify());
        LiveTvPmsHooks p = others.get(key);
        if (p == null) {
            synchronized (others) {
                p = others.get(key);
                if (p == null) {
                    Settings pms = new Settings.Builder(settings).upstream(host.upstream())
                            .upstreamInsecure(host.upstreamSkipVerify()).build();
                    try {
                        p = LiveTvPmsHooks.create(pms, shared);
                    } catch (StartupException e) {
                        throw new IllegalArgumentException("host '" + host.name() + "': " + e.getMessage(), e);
                    }
                    others.put(key, p);
                    if (started) {
                        refreshLabels(p);
                    }
                }
            }
        }
        return p.hooks();
    }

    /** A PMS other than {@code --upstream}, as a host reaches it. */
    private record PmsKey(URI upstream, boolean skipVerify) {
    }

    /**
     * Also hands every {@code plexlabelproxy_*} line to {@code tap} (the console's audit history); the tap runs on
     * the request path, so it must be quick and never throw.
     */
    void tapAuditLines(Consumer<String> tap) {
        auditTap.set(tap == null ? line -> { } : tap);
    }

    /** The abuse guard, for the console's blocks and Unblock; null when Live TV is not wired. */
    io.doorman.guard.AbuseGuard abuseGuard() {
        return shared == null ? null : shared.guard();
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
