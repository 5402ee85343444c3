package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.testkit.HealthCheckFakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman health} as a person or a systemd timer runs it: flags, report, exit codes, restarts. */
class HealthCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cwd;

    @RegisterExtension
    final HealthCheckFakes fakes = new HealthCheckFakes(() -> cwd);

    /** Every target on the fakes, restart commands the recording scripts, no wait. */
    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("health",
                "--metrics-url", fakes.cloudflared().metricsUrl().toString(),
                "--origin-url", fakes.origin().baseUri() + "/identity",
                "--public-url", fakes.front().baseUri().toString(),
                "--restart-proxy-cmd", fakes.scripts().script("restart-proxy") + " doorman.service",
                "--restart-tunnel-cmd", fakes.scripts().script("restart-tunnel") + " cloudflared-media.service",
                "--restart-wait", "0"));
        a.addAll(List.of(more));
        return a;
    }

    private CliRun run(Map<String, String> env, List<String> args) {
        return CliRun.run(env, cwd, args.toArray(String[]::new));
    }

    private CliRun run(String... args) {
        return CliRun.run(Map.of(), cwd, args);
    }

    @Test
    void helpListsTheFlagsAndDefaults() {
        CliRun r = run("health", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--metrics-url", "http://127.0.0.1:49312/metrics", "--min-connections",
                "--origin-url", "http://127.0.0.1:33240/identity", "--public-url", "--restart", "--restart-wait",
                "systemctl restart doorman.service", "systemctl restart cloudflared-media.service", "--json");
    }

    @Test
    void theOriginDefaultsToTheListenAddress() throws Exception {
        List<String> a = args("--json");
        int at = a.indexOf("--origin-url");
        a.remove(at + 1);
        a.remove(at);
        CliRun r = run(Map.of("DOORMAN_LISTEN", "0.0.0.0:" + fakes.origin().baseUri().getPort()), a);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode origin = null;
        for (JsonNode c : JSON.readTree(r.out()).get("checks")) {
            origin = c.get("id").asText().equals("origin") ? c : origin;
        }
        assertThat(origin).isNotNull();
        assertThat(origin.get("status").asText()).isEqualTo("pass");
        assertThat(origin.get("summary").asText()).contains("127.0.0.1:" + fakes.origin().baseUri().getPort());
    }

    private static JsonNode check(CliRun r, String id) throws Exception {
        for (JsonNode c : JSON.readTree(r.out()).get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + r.out());
    }

    @Test
    void withHostsTheOriginIsAskedForThePublicNameAsTheTunnelAsksForIt() throws Exception {
        Path data = Files.createDirectories(cwd.resolve("data"));
        Files.writeString(data.resolve("hosts.yaml"), "hosts:\n  - name: media\n    domains: [media.example.com]\n"
                + "    upstream: " + fakes.origin().baseUri() + "\n");
        try (ServeProcess serve = ServeProcess.start(cwd, data, fakes.origin().baseUri().toString(), Map.of())) {
            String origin = "http://127.0.0.1:" + serve.port() + "/identity";
            CliRun asked = run(Map.of(), List.of("health", "--metrics-url", fakes.cloudflared().metricsUrl().toString(),
                    "--origin-url", origin, "--public-url", "https://media.example.com", "--json"));
            JsonNode pass = check(asked, "origin");
            assertThat(pass.get("status").asText()).as(pass.toString()).isEqualTo("pass");
            assertThat(pass.get("summary").asText()).contains("(Host: media.example.com)");
            assertThat(fakes.origin().lastRequest().header("Host")).isEqualTo("media.example.com");

            CliRun bare = run(Map.of(), List.of("health", "--metrics-url", fakes.cloudflared().metricsUrl().toString(),
                    "--origin-url", origin, "--json"));
            JsonNode fail = check(bare, "origin");
            assertThat(fail.get("status").asText()).isEqualTo("fail");
            assertThat(fail.toString()).contains("404").contains("public URL");
        }
    }

    @Test
    void aHealthyFrontDoorExitsZeroWithTheTable() {
        CliRun r = run(Map.of(), args());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("PASS  tunnel.metrics", "PASS  tunnel.connections", "PASS  origin",
                "PASS  public").endsWith("health: ok\n");
        assertThat(fakes.scripts().calls()).isEmpty();
    }

    @Test
    void jsonIsOneObjectWithEveryCheck() throws Exception {
        fakes.cloudflared().connections(1);
        CliRun r = run(Map.of(), args("--json", "--restart"));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out().lines()).hasSize(1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("command").asText()).isEqualTo("health");
        assertThat(root.get("ok").asBoolean()).isFalse();
        List<String> seen = new ArrayList<>();
        root.get("checks").forEach(c -> seen.add(c.get("id").asText() + "=" + c.get("status").asText()));
        assertThat(seen).containsExactly("tunnel.metrics=pass", "tunnel.connections=fail", "origin=pass",
                "public=pass", "restart.proxy=skip", "restart.tunnel=pass");
        assertThat(fakes.scripts().calls()).containsExactly("restart-tunnel cloudflared-media.service");
    }

    @Test
    void aFailedCheckExitsThreeEvenWhenTheRestartsWork() {
        fakes.origin().close();
        CliRun r = run(Map.of(), args("--restart"));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL  origin", "PASS  restart.proxy", "PASS  restart.tunnel");
        assertThat(fakes.scripts().calls()).containsExactly("restart-proxy doorman.service",
                "restart-tunnel cloudflared-media.service");
    }

    @Test
    void withoutRestartTheFixSaysWhatItWouldRun() {
        fakes.front().status(503);
        CliRun r = run(Map.of(), args());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL  public").contains("--restart would run '" + cwd.resolve("restart-tunnel")
                + " cloudflared-media.service'");
        assertThat(fakes.scripts().calls()).isEmpty();
    }

    @Test
    void thePublicUrlComesFromTheEnvOrTheConfigFileAndIsSkippedWithoutOne() throws Exception {
        List<String> noPublic = new ArrayList<>(args("--json"));
        int i = noPublic.indexOf("--public-url");
        noPublic.subList(i, i + 2).clear();

        CliRun none = run(Map.of(), noPublic);
        assertThat(none.code()).isZero();
        assertThat(JSON.readTree(none.out()).get("checks").get(3).get("status").asText()).isEqualTo("skip");

        CliRun env = run(Map.of("DOORMAN_PUBLIC_URL", fakes.front().baseUri().toString()), noPublic);
        assertThat(JSON.readTree(env.out()).get("checks").get(3).get("status").asText()).isEqualTo("pass");

        Files.writeString(cwd.resolve("doorman.yaml"), "public-url: " + fakes.front().baseUri() + "\n");
        CliRun file = run(Map.of(), noPublic);
        assertThat(JSON.readTree(file.out()).get("checks").get(3).get("status").asText()).isEqualTo("pass");
        assertThat(fakes.front().paths()).containsExactly("/identity", "/identity");
    }

    @Test
    void badValuesExitTwoWithOneLine() {
        Map<String[], String> cases = Map.of(
                new String[] {"--metrics-url", "nope"}, "doorman health: --metrics-url: not a valid URL",
                new String[] {"--metrics-url", "http://[::1"}, "doorman health: --metrics-url: not a valid URL",
                new String[] {"--origin-url", "ftp://127.0.0.1/identity"},
                "doorman health: --origin-url: not a valid URL (scheme 'ftp' is not http or https)",
                new String[] {"--min-connections", "two"}, "doorman health: --min-connections: 'two' is not a whole number",
                new String[] {"--min-connections", "0"}, "doorman health: --min-connections: '0' is out of range",
                new String[] {"--restart-wait", "-1s"}, "doorman health: --restart-wait: duration '-1s' must not be",
                new String[] {"--timeout", "soon"}, "doorman health: --timeout: ",
                new String[] {"--restart-tunnel-cmd", "  "}, "doorman health: --restart-tunnel-cmd: empty command",
                new String[] {"--public-url", "media.example.com"}, "doorman health: --public-url: ");
        cases.forEach((flag, message) -> {
            CliRun r = run("health", flag[0], flag[1]).failsWith(2);
            assertThat(r.err()).as(flag[0] + " " + flag[1]).startsWith(message);
            assertThat(r.out()).isEmpty();
        });
        assertThat(fakes.scripts().calls()).isEmpty();
    }

    @Test
    void aPasswordOrTokenInABadUrlIsNotEchoed() {
        run("health", "--metrics-url", "http://user:s3cretPW@127.0.0.1:49312/metrics").failsWith(2)
                .showsNone("s3cretPW");
        CliRun r = run("health", "--origin-url", "http://127.0.0.1:33240/identity?X-Plex-Token=tokSECRET9")
                .failsWith(2).showsNone("tokSECRET9");
        assertThat(r.err()).isEqualTo("doorman health: --origin-url: URL must not have a query or fragment (health"
                + " needs no token)\n");
    }

    @Test
    void theRealCommandInAChildJvmRestartsAndExitsThree() throws Exception {
        fakes.cloudflared().rawBody("not metrics at all\n");
        ChildJvm.Outcome o = ChildJvm.run(ChildJvm.builder(cwd, args("--restart", "--json")));
        assertThat(o.code()).as(o.err()).isEqualTo(3);
        assertThat(o.err()).isEmpty();
        JsonNode checks = JSON.readTree(o.out()).get("checks");
        assertThat(checks.get(0).get("id").asText()).isEqualTo("tunnel.metrics");
        assertThat(checks.get(0).get("status").asText()).isEqualTo("fail");
        assertThat(checks.get(1).get("status").asText()).isEqualTo("skip");
        assertThat(fakes.scripts().calls()).containsExactly("restart-tunnel cloudflared-media.service");
    }
}
