package io.doorman.testkit;

import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.config.LiveTvSettings;
import io.doorman.config.Secret;
import io.doorman.config.Settings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.AuditSummary;
import io.doorman.livetv.LiveTvElevationPolicy;
import io.doorman.livetv.TokenVerifier;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.proxy.StartupException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real Doorman proxy (one I/O thread, loopback, no admin port) in front of a fake PMS, for tests outside the
 * livetv package: pass-through, or elevating with the owner's token as {@code -elevate-live-tv} or
 * {@code -elevate-all} does.
 */
public final class DoormanProxies {

    /** How the proxy treats the owner's token. */
    public enum Mode { PASS_THROUGH, ELEVATE_LIVE_TV, ELEVATE_ALL }

    private DoormanProxies() {
    }

    /** A started proxy; {@code lines} gets its audit lines (they never hold a raw token). */
    public static ProxyServer start(FakePms pms, String ownerToken, Mode mode, Consumer<String> lines)
            throws StartupException {
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri())
                .adminListen(null).ioThreads(1).build();
        ProxyHooks hooks;
        if (mode == Mode.PASS_THROUGH) {
            hooks = ProxyHooks.passThrough(PlexTokens::redactTarget);
        } else {
            LiveTvSettings lt = LiveTvSettings.disabled().withToken(new Secret(ownerToken))
                    .withOwnerToken(new Secret(ownerToken)).withElevateLiveTv(mode == Mode.ELEVATE_LIVE_TV)
                    .withElevateAll(mode == Mode.ELEVATE_ALL);
            TokenVerifier verifier = new TokenVerifier(new PmsClient(pms.baseUri(), HttpClient.newHttpClient()),
                    Duration.ofMinutes(5), 1000, Duration.ofSeconds(5), System::nanoTime);
            AbuseGuard guard = new AbuseGuard(AbuseSettings.from(lt), Clock.systemUTC());
            LiveTvElevationPolicy policy = new LiveTvElevationPolicy(lt, Cidr.LOOPBACK, verifier, guard,
                    new AuditSummary(Instant.now()), lines, null, null, null);
            hooks = new ProxyHooks(policy, ResponsePolicy.STREAM_ALL, policy, PlexTokens::redactTarget);
        }
        return new ProxyServer(s, hooks, new SimpleMeterRegistry()).start();
    }

    /** {@code http://127.0.0.1:port} of a started proxy. */
    public static URI baseUri(ProxyServer proxy) {
        return URI.create("http://127.0.0.1:" + proxy.address().getPort());
    }

    /** Every line, for asserting that none holds a secret. */
    public static String joined(List<String> lines) {
        return String.join("\n", lines);
    }
}
