package io.doorman.livetv;

import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.config.LiveTvSettings;
import io.doorman.config.Settings;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.AuditSummary;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.proxy.StartupException;
import io.doorman.testkit.FakePms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Builds the Live TV policy and a real proxy (one I/O thread, loopback, no admin port) in front of a fake PMS. */
final class LiveTvTestProxies {

    private LiveTvTestProxies() {
    }

    /**
     * The elevation policy as the wiring builds it: a 5 min token cache and 5 s checks against the fake.
     *
     * @param rewritable paths whose responses may be rewritten, or null
     * @param history    owner-history tracking, or null
     * @param followUps  its background calls, or null
     */
    static LiveTvElevationPolicy policy(LiveTvSettings lt, FakePms pms, Consumer<String> log,
            Predicate<String> rewritable, OwnerHistory history, PlaybackFollowUps followUps) {
        TokenVerifier verifier = new TokenVerifier(new PmsClient(pms.baseUri(), HttpClient.newHttpClient()), Duration.ofMinutes(5),
                1000, Duration.ofSeconds(5), System::nanoTime);
        AbuseGuard guard = new AbuseGuard(AbuseSettings.from(lt), Clock.systemUTC());
        return new LiveTvElevationPolicy(lt, Cidr.LOOPBACK, verifier, guard, new AuditSummary(Instant.now()), log,
                rewritable, history, followUps);
    }

    /** A started proxy applying the policy (and its listener) and the response policy. */
    static ProxyServer start(FakePms pms, LiveTvElevationPolicy policy, ResponsePolicy responses)
            throws StartupException {
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri())
                .adminListen(null).ioThreads(1).build();
        return new ProxyServer(s, new ProxyHooks(policy, responses, policy, PlexTokens::redactTarget),
                new SimpleMeterRegistry()).start();
    }
}
