package io.doorman.cli;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Settings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.AuditSummary;
import io.doorman.guard.BlockStateFile;
import io.doorman.guard.BlockStateWriter;
import io.doorman.livetv.LiveTvElevationPolicy;
import io.doorman.livetv.TokenVerifier;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.proxy.StartupException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the proxy hooks for the Live TV settings: pass-through when no elevation is asked for, else the
 * elevation policy with its token verifier, abuse guard (and its state file), audit summary timer and the
 * {@code plexlabelproxy_*} log lines on stdout.
 */
final class LiveTvWiring implements AutoCloseable {

    private final ProxyHooks hooks;
    private final BlockStateWriter writer;
    private final ScheduledExecutorService summaryTimer;
    private final StdoutLineWriter lines;

    private LiveTvWiring(ProxyHooks hooks, BlockStateWriter writer, ScheduledExecutorService summaryTimer,
            StdoutLineWriter lines) {
        this.hooks = hooks;
        this.writer = writer;
        this.summaryTimer = summaryTimer;
        this.lines = lines;
    }

    static LiveTvWiring create(Settings s, MeterRegistry registry) throws StartupException {
        LiveTvSettings lt = s.liveTv();
        if (!lt.elevateLiveTv() && !lt.elevateAll()) {
            return new LiveTvWiring(ProxyHooks.passThrough(PlexTokens::redactTarget), null, null, null);
        }
        if (lt.ownerToken().isEmpty()) {
            throw new StartupException("elevation needs the owner token: set -owner-token, IPTV_TUNERR_PMS_OWNER_TOKEN,"
                    + " PLEX_OWNER_TOKEN or -token", null);
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
        TokenVerifier verifier = new TokenVerifier(s.upstream(), httpClient(s), lt.tokenCacheTtl(), 10_000,
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
        LiveTvElevationPolicy policy = new LiveTvElevationPolicy(lt, s.trustedProxies(), verifier, guard, summary, log);
        return new LiveTvWiring(new ProxyHooks(policy, ResponsePolicy.STREAM_ALL, policy, PlexTokens::redactTarget),
                writer, timer, lines);
    }

    ProxyHooks hooks() {
        return hooks;
    }

    /** The client for token checks, trusting what the proxy trusts for an https upstream. */
    private static HttpClient httpClient(Settings s) throws StartupException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(s.connectTimeout());
        if (!"https".equalsIgnoreCase(s.upstream().getScheme())) {
            return b.build();
        }
        try {
            if (s.upstreamInsecure()) {
                // The user asked for it (PMS's own plex.direct certificate); it applies to token checks too.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return b.sslContext(ctx).build();
            }
            if (s.upstreamCa() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(s.upstreamCa())) {
                    int i = 0;
                    for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca" + i++, cert);
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return b.sslContext(ctx).build();
            }
            return b.build();
        } catch (Exception e) {
            throw new StartupException("cannot set up TLS for token checks: " + e.getMessage(), e);
        }
    }

    /** Trusts every certificate: only for --upstream-insecure. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
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
