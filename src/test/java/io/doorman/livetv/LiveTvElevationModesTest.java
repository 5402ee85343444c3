package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.config.LiveTvSettings;
import io.doorman.config.Secret;
import io.doorman.config.Settings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.AuditSummary;
import io.doorman.guard.BlockStateFile;
import io.doorman.guard.BlockStateWriter;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other elevation modes and block persistence, through the real proxy against the fake PMS. */
class LiveTvElevationModesTest {

    static final String OWNER = "owner-token-MODES111";
    static final String SHARED = "shared-user-MODES222";

    @TempDir
    Path dir;

    FakePms pms;
    ProxyServer proxy;
    BlockStateWriter writer;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private void start(UnaryOperator<LiveTvSettings> mode) throws Exception {
        if (pms == null) {
            pms = FakePms.start();
            pms.addToken(OWNER);
            pms.addToken(SHARED);
        }
        LiveTvSettings lt = mode.apply(LiveTvSettings.disabled().withOwnerToken(new Secret(OWNER))
                .withToken(new Secret(OWNER)).withAbuseBlockThreshold(2));
        TokenVerifier verifier = new TokenVerifier(new PmsClient(pms.baseUri(), HttpClient.newHttpClient()), Duration.ofMinutes(5),
                1000, Duration.ofSeconds(5), System::nanoTime);
        AbuseGuard guard;
        if (lt.abuseBlockStateFile() != null) {
            BlockStateFile file = new BlockStateFile(lt.abuseBlockStateFile());
            guard = new AbuseGuard(AbuseSettings.from(lt), Clock.systemUTC(), AbuseGuard.DEFAULT_MAX_SOURCES,
                    file.load(System.currentTimeMillis()));
            writer = BlockStateWriter.attach(guard, file);
        } else {
            guard = new AbuseGuard(AbuseSettings.from(lt), Clock.systemUTC());
        }
        LiveTvElevationPolicy policy = new LiveTvElevationPolicy(lt, Cidr.LOOPBACK, verifier, guard,
                new AuditSummary(Instant.now()), lines::add);
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri())
                .adminListen(null).ioThreads(1).build();
        proxy = new ProxyServer(s, new ProxyHooks(policy, ResponsePolicy.STREAM_ALL, policy, PlexTokens::redactTarget),
                new SimpleMeterRegistry()).start();
    }

    private void stopProxy() {
        proxy.shutdown(Duration.ofSeconds(1));
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    @AfterEach
    void stop() {
        stopProxy();
        pms.close();
        assertThat(String.join("\n", lines)).doesNotContain(OWNER).doesNotContain(SHARED);
    }

    private RawResponse send(String method, String target) throws Exception {
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            c.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            return c.readResponse();
        }
    }

    private String tokenSeen() {
        return pms.lastRequest().queryParam("X-Plex-Token");
    }

    @Test
    void elevateAllBorrowsForAnyRequestWithAVerifiedTokenButStillNeedsOne() throws Exception {
        start(l -> l.withElevateAll(true));
        send("GET", "/library/sections?X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).isEqualTo(OWNER);
        send("GET", "/library/metadata/5?X-Plex-Token=stranger-xyz");
        assertThat(tokenSeen()).isEqualTo("stranger-xyz");
        assertThat(lines).anyMatch(l -> l.contains("outcome=deny_unauthorized_token") && l.contains("live_tv=false"));
        send("GET", "/library/metadata/5?X-Plex-Token=stranger-xyz");
        send("GET", "/library/metadata/5?X-Plex-Token=stranger-xyz");
        assertThat(send("GET", "/library/metadata/6").status()).as("non-Live TV requests are never blocked")
                .isNotEqualTo(429);
    }

    @Test
    void discoveryOnlyElevatesBrowsingButNeverAStreamStart() throws Exception {
        start(l -> l.withElevateLiveTv(true).withElevateDiscoveryOnly(true));
        send("GET", "/media/providers?X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).isEqualTo(OWNER);
        send("POST", "/livetv/dvrs/5/channels/12/tune?X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).as("tune is a stream start").isEqualTo(SHARED);
        send("GET", "/video/:/transcode/universal/start.m3u8?path=%2Flivetv%2Fsessions%2Fx&X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).isEqualTo(SHARED);
        send("GET", "/media/grabbers/tv.plex.grabbers.hdhomerun/devices?X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).as("grabbers only exactly /media/grabbers/devices").isEqualTo(SHARED);
        send("GET", "/media/grabbers/devices?X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).isEqualTo(OWNER);
    }

    @Test
    void userHeaderCarriesTheClientsOwnTokenOnElevation() throws Exception {
        start(l -> l.withElevateLiveTv(true).withUserHeader(true));
        send("GET", "/livetv/dvrs?X-Plex-Token=" + SHARED);
        assertThat(tokenSeen()).isEqualTo(OWNER);
        assertThat(pms.lastRequest().header("X-Plex-User")).isEqualTo(SHARED);
        send("GET", "/library/sections?X-Plex-Token=" + SHARED);
        assertThat(pms.lastRequest().header("X-Plex-User")).as("only on elevation").isNull();
    }

    @Test
    void aBlockSurvivesARestartThroughTheStateFile() throws Exception {
        Path state = dir.resolve("state").resolve("blocks.json");
        start(l -> l.withElevateLiveTv(true).withAbuseBlockStateFile(state));
        send("GET", "/livetv/dvrs?X-Plex-Token=nope-1");
        send("GET", "/livetv/dvrs?X-Plex-Token=nope-2");
        assertThat(lines).anyMatch(l -> l.contains("outcome=bad_actor_blocked"));
        stopProxy();
        assertThat(state).exists();
        assertThat(java.nio.file.Files.readString(state)).contains("\"blocked_until_unix\"");

        start(l -> l.withElevateLiveTv(true).withAbuseBlockStateFile(state));
        assertThat(send("GET", "/livetv/dvrs?X-Plex-Token=nope-3").status()).as("still blocked after restart")
                .isEqualTo(429);
        // Its token may be checked (a verified token would pass the block), but the request never reaches PMS.
        assertThat(pms.requests()).noneMatch(r -> r.path().equals("/livetv/dvrs") && "nope-3".equals(r.queryParam("X-Plex-Token")));
    }
}
