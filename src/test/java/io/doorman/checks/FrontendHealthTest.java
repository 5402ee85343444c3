package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.testkit.FakeCloudflaredMetrics;
import io.doorman.testkit.FakeCloudflaredMetrics.Series;
import io.doorman.testkit.FakeHttpOrigin;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.HealthCheckFakes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The health timer's checks against a fake cloudflared, the fake PMS as origin and a fake public front door. */
class FrontendHealthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @RegisterExtension
    final HealthCheckFakes fakes = new HealthCheckFakes(() -> dir);

    private FrontendHealthTargets targets() {
        return targets(URI.create(fakes.origin().baseUri() + "/identity"));
    }

    /** Every target on the fakes but the origin. */
    private FrontendHealthTargets targets(URI originUrl) {
        return new FrontendHealthTargets(fakes.cloudflared().metricsUrl(), 2, originUrl, fakes.front().baseUri(),
                TIMEOUT);
    }

    private FrontendRestarts restarts(boolean enabled) {
        return new FrontendRestarts(RestartCommand.parse(fakes.scripts().script("restart-proxy") + " doorman.service"),
                RestartCommand.parse(fakes.scripts().script("restart-tunnel") + " cloudflared-media.service"),
                Duration.ZERO, Duration.ofSeconds(30), enabled);
    }

    private static Map<String, Check> byId(List<Check> checks) {
        return checks.stream().collect(Collectors.toMap(Check::id, Function.identity()));
    }

    private static URI closedPortUrl(String path) {
        return URI.create("http://127.0.0.1:" + FreePorts.next() + path);
    }

    @Test
    void aHealthyFrontDoorPassesEveryCheckAndRunsNothing() {
        List<Check> checks = FrontendHealth.run(targets(), restarts(true));
        assertThat(checks).extracting(Check::id).containsExactly("tunnel.metrics", "tunnel.connections", "origin",
                "public", "restart.proxy", "restart.tunnel");
        assertThat(checks.subList(0, 4)).allMatch(c -> c.status() == Status.PASS);
        assertThat(checks.subList(4, 6)).allMatch(c -> c.status() == Status.SKIP);
        assertThat(byId(checks).get("tunnel.connections").summary()).isEqualTo("4 edge connections (at least 2)");
        assertThat(fakes.front().paths()).containsExactly("/identity");
        assertThat(fakes.origin().lastRequest().path()).isEqualTo("/identity");
        assertThat(fakes.cloudflared().acceptHeaders()).singleElement().asString().startsWith("text/plain");
        assertThat(fakes.scripts().calls()).isEmpty();
        assertThat(new CheckReport("health", checks).exitCode()).isZero();
    }

    @Test
    void withoutRestartNoRestartChecksAppear() {
        assertThat(FrontendHealth.run(targets(), restarts(false))).extracting(Check::id)
                .containsExactly("tunnel.metrics", "tunnel.connections", "origin", "public");
    }

    @Test
    void metricsThatDoNotAnswerFailAndTheCountIsSkipped() throws Exception {
        FrontendHealthTargets t = new FrontendHealthTargets(closedPortUrl("/metrics"), 2, targets().originUrl(),
                fakes.front().baseUri(), TIMEOUT);
        Map<String, Check> c = byId(FrontendHealth.run(t, restarts(false)));
        assertThat(c.get("tunnel.metrics").status()).isEqualTo(Status.FAIL);
        assertThat(c.get("tunnel.metrics").summary()).endsWith("connection refused");
        assertThat(c.get("tunnel.metrics").fix()).contains("metrics: 127.0.0.1:")
                .endsWith("--restart would run '" + dir.resolve("restart-tunnel") + " cloudflared-media.service'");
        assertThat(c.get("tunnel.connections").status()).isEqualTo(Status.SKIP);
        assertThat(c.get("origin").status()).isEqualTo(Status.PASS);
        assertThat(fakes.scripts().calls()).isEmpty();
    }

    @Test
    void metricsWithAnErrorStatusFail() {
        fakes.cloudflared().status(503);
        Check m = FrontendHealth.run(targets(), restarts(false)).get(0);
        assertThat(m.status()).isEqualTo(Status.FAIL);
        assertThat(m.summary()).endsWith("answered HTTP 503");
    }

    @Test
    void metricsThatAreNotPrometheusTextFail() {
        fakes.cloudflared().rawBody("<html><body>login</body></html>\n");
        List<Check> checks = FrontendHealth.run(targets(), restarts(false));
        assertThat(checks.get(0).status()).isEqualTo(Status.FAIL);
        assertThat(checks.get(0).summary()).contains("is not Prometheus text (line 1: no metric name)");
        assertThat(checks.get(1).status()).isEqualTo(Status.SKIP);
    }

    @Test
    void metricsThatHangFailWithinTheTimeout() {
        fakes.cloudflared().silent(true);
        FrontendHealthTargets t = new FrontendHealthTargets(fakes.cloudflared().metricsUrl(), 2,
                targets().originUrl(), null, Duration.ofMillis(500));
        Check m = FrontendHealth.run(t, restarts(false)).get(0);
        assertThat(m.status()).isEqualTo(Status.FAIL);
        assertThat(m.summary()).contains("no answer within");
    }

    @Test
    void tooFewConnectionsFail() {
        fakes.cloudflared().connections(1);
        Check c = byId(FrontendHealth.run(targets(), restarts(false))).get("tunnel.connections");
        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.summary()).isEqualTo("1 edge connection, want at least 2");
        assertThat(c.fix()).contains("7844").contains("--restart would run");
    }

    @Test
    void anAbsentGaugeFails() {
        fakes.cloudflared().series(List.of());
        Check c = byId(FrontendHealth.run(targets(), restarts(false))).get("tunnel.connections");
        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.summary()).startsWith("no cloudflared_tunnel_ha_connections");
    }

    @Test
    void labelledSeriesAreSummedAndOtherFormatsRead() {
        fakes.cloudflared().series(List.of(new Series(FakeCloudflaredMetrics.label("conn", "a \"b\""), "1"),
                new Series(FakeCloudflaredMetrics.label("conn", "c"), "1"))).helpAndType(false).timestamps(true)
                .openMetrics(true);
        Check c = byId(FrontendHealth.run(targets(), restarts(false))).get("tunnel.connections");
        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.summary()).isEqualTo("2 edge connections (sum of 2 series) (at least 2)");
    }

    @Test
    void anOriginErrorStatusFails() {
        FakeHttpOrigin broken = FakeHttpOrigin.start().status(502);
        try {
            FrontendHealthTargets t = targets(URI.create(broken.baseUri() + "/identity"));
            Check o = byId(FrontendHealth.run(t, restarts(false))).get("origin");
            assertThat(o.status()).isEqualTo(Status.FAIL);
            assertThat(o.summary()).endsWith("answered HTTP 502, want 2xx");
            assertThat(o.fix()).endsWith("--restart would run '" + dir.resolve("restart-proxy")
                    + " doorman.service', wait 0s, then '" + dir.resolve("restart-tunnel")
                    + " cloudflared-media.service'");
        } finally {
            broken.close();
        }
    }

    @Test
    void noPublicUrlSkipsThePublicCheck() {
        FrontendHealthTargets t = new FrontendHealthTargets(fakes.cloudflared().metricsUrl(), 2,
                targets().originUrl(), null, TIMEOUT);
        Check p = byId(FrontendHealth.run(t, restarts(true))).get("public");
        assertThat(p.status()).isEqualTo(Status.SKIP);
        assertThat(p.summary()).contains("no public URL set");
        assertThat(fakes.front().paths()).isEmpty();
    }

    @Test
    void aPublicErrorOrRedirectFails() {
        fakes.front().status(530);
        Check p = byId(FrontendHealth.run(targets(), restarts(false))).get("public");
        assertThat(p.status()).isEqualTo(Status.FAIL);
        assertThat(p.summary())
                .isEqualTo("public " + fakes.front().baseUri() + "/identity answered HTTP 530, want 2xx");
        fakes.front().status(302).location("https://example.cloudflareaccess.com/login");
        assertThat(byId(FrontendHealth.run(targets(), restarts(false))).get("public").status())
                .isEqualTo(Status.FAIL);
        assertThat(fakes.front().paths()).containsExactly("/identity", "/identity");
    }

    @Test
    void anOriginFailureRestartsTheProxyThenTheTunnel() throws Exception {
        FrontendHealthTargets t = targets(closedPortUrl("/identity"));
        List<Check> checks = FrontendHealth.run(t, restarts(true));
        Map<String, Check> c = byId(checks);
        assertThat(fakes.scripts().calls()).containsExactly("restart-proxy doorman.service",
                "restart-tunnel cloudflared-media.service");
        assertThat(c.get("origin").status()).isEqualTo(Status.FAIL);
        assertThat(c.get("origin").fix()).endsWith("restarted: see restart.proxy and restart.tunnel");
        assertThat(c.get("restart.proxy").status()).isEqualTo(Status.PASS);
        assertThat(c.get("restart.proxy").summary()).endsWith(" doorman.service' exited 0");
        assertThat(c.get("restart.tunnel").status()).isEqualTo(Status.PASS);
        assertThat(checks).extracting(Check::id).endsWith("restart.proxy", "restart.tunnel");
        assertThat(new CheckReport("health", checks).exitCode()).isEqualTo(CheckReport.A_CHECK_FAILED);
    }

    @Test
    void anOriginAndPublicFailureRestartTheTunnelOnce() throws Exception {
        fakes.front().status(502);
        FrontendHealthTargets t = targets(closedPortUrl("/identity"));
        FrontendHealth.run(t, restarts(true));
        assertThat(fakes.scripts().calls()).containsExactly("restart-proxy doorman.service",
                "restart-tunnel cloudflared-media.service");
    }

    @Test
    void aTunnelFailureRestartsOnlyTheTunnel() {
        fakes.cloudflared().connections(0);
        Map<String, Check> c = byId(FrontendHealth.run(targets(), restarts(true)));
        assertThat(fakes.scripts().calls()).containsExactly("restart-tunnel cloudflared-media.service");
        assertThat(c.get("restart.proxy").status()).isEqualTo(Status.SKIP);
        assertThat(c.get("restart.tunnel").status()).isEqualTo(Status.PASS);
        assertThat(c.get("tunnel.connections").fix()).endsWith("restarted: see restart.tunnel");
    }

    @Test
    void aPublicFailureRestartsOnlyTheTunnel() {
        fakes.front().status(503);
        FrontendHealth.run(targets(), restarts(true));
        assertThat(fakes.scripts().calls()).containsExactly("restart-tunnel cloudflared-media.service");
    }

    @Test
    void aFailedRestartIsAFailedCheckAndTheTunnelStillRestarts() throws Exception {
        FrontendRestarts r = new FrontendRestarts(
                RestartCommand.parse(fakes.scripts()
                        .script("restart-proxy", "echo 'Job for doorman.service failed.'; exit 1").toString()),
                RestartCommand.parse(dir.resolve("missing-tunnel-cmd").toString()), Duration.ofMillis(10),
                Duration.ofSeconds(30), true);
        FrontendHealthTargets t = targets(closedPortUrl("/identity"));
        Map<String, Check> c = byId(FrontendHealth.run(t, r));
        assertThat(fakes.scripts().calls()).containsExactly("restart-proxy");
        assertThat(c.get("restart.proxy").status()).isEqualTo(Status.FAIL);
        assertThat(c.get("restart.proxy").summary()).endsWith("' exited 1: Job for doorman.service failed.");
        assertThat(c.get("restart.proxy").fix()).contains("--restart-proxy-cmd");
        assertThat(c.get("restart.tunnel").status()).isEqualTo(Status.FAIL);
        assertThat(c.get("restart.tunnel").summary()).contains("could not start: no program");
    }

    @Test
    void withoutRestartNothingRunsWhateverFails() throws Exception {
        fakes.front().status(500);
        fakes.cloudflared().connections(0);
        FrontendHealthTargets t = targets(closedPortUrl("/identity"));
        List<Check> checks = FrontendHealth.run(t, restarts(false));
        assertThat(checks).filteredOn(ch -> ch.status() == Status.FAIL).hasSize(3)
                .allSatisfy(ch -> assertThat(ch.fix()).contains("--restart would run"));
        assertThat(fakes.scripts().calls()).isEmpty();
    }
}
