package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.cli.ChildJvm.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code main} in a child JVM: exit codes and stream contents as a shell or systemd sees them. */
class CliProcessTest {

    @TempDir
    Path cwd;

    private ProcessBuilder builder(String... args) {
        return ChildJvm.builder(cwd, List.of(args));
    }

    /** {@code plex-label-proxy} on an ephemeral port in front of {@code pms}, no admin listener, no access lines. */
    private Process startLiveTvProxy(io.doorman.testkit.FakePms pms, String token, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("plex-label-proxy", "-listen", "127.0.0.1:0"));
        args.addAll(List.of(flags));
        ProcessBuilder pb = builder(args.toArray(String[]::new)).redirectErrorStream(true);
        pb.environment().put("IPTV_TUNERR_PMS_URL", pms.baseUri().toString());
        pb.environment().put("IPTV_TUNERR_PMS_TOKEN", token);
        pb.environment().put("DOORMAN_ADMIN_LISTEN", "off");
        pb.environment().put("DOORMAN_ACCESS_LOG", "off");
        return pb.start();
    }

    private Outcome run(String... args) throws Exception {
        return ChildJvm.run(builder(args));
    }

    @Test
    void versionExitsZero() throws Exception {
        Outcome o = run("--version");
        assertThat(o.code()).isZero();
        assertThat(o.out()).matches("doorman \\S+\\R");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void unknownFlagExitsTwoWithOneLine() throws Exception {
        Outcome o = run("serve", "--bogus");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("doorman: unknown flag '--bogus' (see 'doorman help serve')");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void badListenAddressExitsTwo() throws Exception {
        Outcome o = run("serve", "--listen", "nope");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("doorman: --listen: address 'nope' has no port (want host:port)");
    }

    @Test
    void portInUseExitsOneNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String addr = "127.0.0.1:" + taken.getLocalPort();
            Outcome o = run("serve", "--listen", addr, "--admin-listen", "off");
            assertThat(o.code()).isEqualTo(1);
            assertThat(o.err().lines()).hasSize(1).first().asString().startsWith("doorman: ").contains(addr)
                    .contains("in use");
        }
    }

    /** Holds 127.0.0.1:33241, the default admin address, unless something else already does: taken either way. */
    private static ServerSocket holdDefaultAdminAddress() {
        try {
            return new ServerSocket(33241, 1, InetAddress.getLoopbackAddress());
        } catch (java.io.IOException alreadyTaken) {
            return null;
        }
    }

    @Test
    void aTakenDefaultAdminAddressIsAWarningAndTheProxyStillRuns() throws Exception {
        ServerSocket held = holdDefaultAdminAddress();
        try {
            for (String[] args : List.of(
                    new String[] {"plex-label-proxy", "-listen", "127.0.0.1:0", "-upstream", "http://127.0.0.1:9",
                        "-token", "procTOKENadm1"},
                    new String[] {"serve", "--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:9"})) {
                Process p = builder(args).start();
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
                    String first = out.readLine();
                    assertThat(first).as(args[0]).contains("(admin off)");
                    assertThat(err.readLine()).as(args[0]).startsWith(args[0].equals("serve") ? "doorman: warning: "
                            : "plex-label-proxy: warning: ").contains("127.0.0.1:33241", "address already in use",
                            "DOORMAN_ADMIN_LISTEN");
                    int port = Integer.parseInt(first.replaceAll(".*proxying 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
                    try (io.doorman.testkit.RawHttp c = io.doorman.testkit.RawHttp.connect("127.0.0.1", port)) {
                        c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(c.readResponse().status()).as("proxying, PMS down").isEqualTo(502);
                    }
                    assertThat(p.toHandle().destroy()).isTrue();
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).isZero();
                    assertThat(err.lines()).as("one warning line only").noneMatch(l -> l.contains("admin"));
                } finally {
                    p.destroyForcibly();
                }
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    @Test
    void aTakenAdminAddressTheUserChoseStopsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String addr = "127.0.0.1:" + taken.getLocalPort();
            Outcome flag = run("serve", "--listen", "127.0.0.1:0", "--admin-listen", addr);
            assertThat(flag.code()).isEqualTo(1);
            assertThat(flag.err().lines()).containsExactly("doorman: cannot listen on admin address " + addr
                    + ": address already in use");
            ProcessBuilder pb = builder("plex-label-proxy", "-listen", "127.0.0.1:0", "-upstream", "http://127.0.0.1:9",
                    "-token", "procTOKENadm2");
            pb.environment().put("DOORMAN_ADMIN_LISTEN", addr);
            Process p = pb.start();
            p.getOutputStream().close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines())
                    .containsExactly("plex-label-proxy: cannot listen on admin address " + addr + ": address already in use");
        }
    }

    @Test
    void plexLabelProxyPrintsOneStartupLineAndStopsOnSigterm() throws Exception {
        ProcessBuilder pb = builder("plex-label-proxy", "-listen", "127.0.0.1:0", "-upstream", "http://127.0.0.1:9",
                "-token", "procTOKENabc123").redirectErrorStream(true);
        pb.environment().put("DOORMAN_ADMIN_LISTEN", "off");
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).matches("plex-label-proxy: proxying 127\\.0\\.0\\.1:[1-9][0-9]* "
                    + "-> http://127\\.0\\.0\\.1:9 \\(admin off\\); mode=pass-through provider-labels");
            // SIGTERM: graceful shutdown. Process.destroy() would also close our pipes.
            assertThat(p.toHandle().destroy()).isTrue();
            String rest = out.lines().collect(java.util.stream.Collectors.joining("\n")); // until the process exits
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("a drained stop exits 0, so systemd sees a clean stop").isZero();
            assertThat(rest).doesNotContain("procTOKENabc123");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void runbookCommandElevatesLiveTvForASharedUserAndAuditsIt() throws Exception {
        try (io.doorman.testkit.FakePms pms = io.doorman.testkit.FakePms.start()) {
            pms.addToken("ownerTOKENproc1");
            pms.addToken("sharedTOKENproc2");
            ProcessBuilder pb = builder("plex-label-proxy", "-listen", "127.0.0.1:0", "-elevate-live-tv")
                    .redirectErrorStream(true);
            pb.environment().put("IPTV_TUNERR_PMS_URL", pms.baseUri().toString());
            pb.environment().put("IPTV_TUNERR_PMS_TOKEN", "ownerTOKENproc1");
            pb.environment().put("DOORMAN_ADMIN_LISTEN", "127.0.0.1:0");
            pb.environment().put("DOORMAN_ACCESS_LOG", "off");
            Process p = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertThat(first).endsWith("; mode=elevate-live-tv provider-labels");
                int port = Integer.parseInt(first.replaceAll(".*proxying 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
                try (io.doorman.testkit.RawHttp c = io.doorman.testkit.RawHttp.connect("127.0.0.1", port)) {
                    c.send("GET /livetv/dvrs?mark=1&X-Plex-Token=sharedTOKENproc2 HTTP/1.1\r\nHost: x\r\n\r\n");
                    c.readResponse();
                }
                // (the label map's own read of /livetv/dvrs carries no mark)
                assertThat(pms.awaitRequest(r -> "1".equals(r.queryParam("mark")), java.time.Duration.ofSeconds(5))
                        .queryParam("X-Plex-Token")).isEqualTo("ownerTOKENproc1");
                String audit = out.readLine();
                while (audit != null && !audit.startsWith("plexlabelproxy_audit:")) {
                    audit = out.readLine();
                }
                assertThat(audit).startsWith("plexlabelproxy_audit: outcome=elevated_live_tv method=GET path=/livetv/dvrs");
                int admin = Integer.parseInt(first.replaceAll(".*\\(admin 127\\.0\\.0\\.1:(\\d+)\\).*", "$1"));
                // The decision is counted just after its line is printed: wait for the count, not for luck.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + admin + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(metrics).contains("doorman_livetv_decisions_total{outcome=\"elevated_live_tv\"} 1.0")
                            .contains("doorman_livetv_auth_checks_total{cache=\"miss\"} 1.0")
                            .contains("doorman_livetv_blocked_sources 0.0")
                            .doesNotContain("sharedTOKENproc2").doesNotContain("ownerTOKENproc1");
                });
                assertThat(p.toHandle().destroy()).isTrue();
                String rest = out.lines().collect(java.util.stream.Collectors.joining("\n"));
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(first + audit + rest).doesNotContain("ownerTOKENproc1").doesNotContain("sharedTOKENproc2");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void everyRunbookFlagTogetherRelabelsProvidersAndRewritesHints() throws Exception {
        try (io.doorman.testkit.FakePms pms = io.doorman.testkit.FakePms.start()) {
            pms.addToken("ownerTOKENproc3");
            pms.addToken("sharedTOKENproc4");
            pms.ownerToken("ownerTOKENproc3");
            Process p = startLiveTvProxy(pms, "ownerTOKENproc3", "-elevate-live-tv", "-neutralize-owner-history",
                    "-spoof-identity", "-refresh-seconds", "30", "-strip-prefix", "iptvtunerr-");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertThat(first).endsWith("; mode=elevate-live-tv provider-labels spoof-identity neutralize-owner-history");
                int port = Integer.parseInt(first.replaceAll(".*proxying 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
                // The label map loads in the background once the proxy is up.
                pms.awaitRequest(r -> r.path().equals("/livetv/dvrs"), java.time.Duration.ofSeconds(10));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                    try (io.doorman.testkit.RawHttp c = io.doorman.testkit.RawHttp.connect("127.0.0.1", port)) {
                        c.send("GET /:/prefs?X-Plex-Token=sharedTOKENproc4 HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(c.readResponse().bodyText()).contains("<Setting id=\"allowTuners\" value=\"1\"");
                        c.send("GET /media/providers?X-Plex-Token=sharedTOKENproc4 HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(c.readResponse().bodyText()).contains("title=\"Sports Feed\"")
                                .contains("friendlyName=\"Movies &amp; More · News · Sports Feed\"");
                    }
                });
                assertThat(p.toHandle().destroy()).isTrue();
                String rest = out.lines().collect(java.util.stream.Collectors.joining("\n"));
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(rest).doesNotContain("not yet supported").doesNotContain("ownerTOKENproc3")
                        .doesNotContain("sharedTOKENproc4");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void doormansOwnCallsToPmsArePlainHttp11() throws Exception {
        try (io.doorman.testkit.FakePms pms = io.doorman.testkit.FakePms.start()) {
            pms.addToken("ownerTOKENproc5");
            pms.addToken("sharedTOKENproc6");
            pms.ownerToken("ownerTOKENproc5");
            Process p = startLiveTvProxy(pms, "ownerTOKENproc5", "-elevate-live-tv", "-neutralize-owner-history");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                int port = Integer.parseInt(out.readLine().replaceAll(".*proxying 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
                String shared = "X-Plex-Token=sharedTOKENproc6&X-Plex-Client-Identifier=dev1";
                try (io.doorman.testkit.RawHttp c = io.doorman.testkit.RawHttp.connect("127.0.0.1", port)) {
                    for (String target : List.of("/livetv/dvrs/2/channels/5/tune?" + shared,
                            "/:/timeline?ratingKey=77&state=playing&" + shared,
                            "/:/scrobble?ratingKey=4711&identifier=com.plexapp.plugins.library&" + shared)) {
                        c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(c.readResponse().status()).isLessThan(500);
                    }
                }
                // Each of Doorman's own kinds of call: label map, token check, user replay, owner unscrobble.
                java.time.Duration wait = java.time.Duration.ofSeconds(10);
                pms.awaitRequest(r -> r.path().equals("/livetv/dvrs"), wait);
                pms.awaitRequest(r -> r.path().equals("/library/sections"), wait);
                pms.awaitRequest(r -> r.path().equals("/:/timeline")
                        && "sharedTOKENproc6".equals(r.header("X-Plex-Token")), wait);
                pms.awaitRequest(r -> r.path().equals("/:/unscrobble"), wait);
                assertThat(pms.requests()).allSatisfy(r -> {
                    assertThat(r.asksToUpgrade()).as("%s asks to upgrade", r).isFalse();
                    assertThat(r.version()).as("version of %s", r).isEqualTo("HTTP/1.1");
                });
                assertThat(p.toHandle().destroy()).isTrue();
                String rest = out.lines().collect(java.util.stream.Collectors.joining("\n"));
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(rest).doesNotContain("ownerTOKENproc5").doesNotContain("sharedTOKENproc6");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** Collects a child's stream line by line on a daemon thread, so a test waits for a line with a bound. */
    private static List<String> collectLines(java.io.InputStream in) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon().start(() -> new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                .lines().forEach(lines::add));
        return lines;
    }

    @Test
    void serveKeepsPmsPreferencesInPolicyAndReportsEachDrift() throws Exception {
        try (io.doorman.testkit.FakePms pms = io.doorman.testkit.FakePms.start()) {
            pms.addToken("ownerTOKENprefs7");
            pms.ownerToken("ownerTOKENprefs7");
            ProcessBuilder pb = builder("serve", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                    "--upstream", pms.baseUri().toString(), "--public-url", "https://media.example.com",
                    "--prefs-interval", "300ms");
            pb.environment().put("DOORMAN_OWNER_TOKEN", "ownerTOKENprefs7");
            pb.environment().put("DOORMAN_ACCESS_LOG", "off");
            pb.environment().put("DOORMAN_DATA_DIR", cwd.toString());
            Process p = pb.start();
            try {
                List<String> out = collectLines(p.getInputStream());
                List<String> err = collectLines(p.getErrorStream());
                java.time.Duration wait = java.time.Duration.ofSeconds(20);
                // The console's one setup-code line comes among them; the proxy's own lines keep their order.
                java.util.function.Supplier<List<String>> proxyLines = () -> out.stream()
                        .filter(l -> !l.startsWith("console setup code: ")).toList();
                org.awaitility.Awaitility.await().atMost(wait).until(() -> proxyLines.get().size() >= 5);
                List<String> lines = proxyLines.get();
                assertThat(lines.get(1)).isEqualTo("doorman: keeping PMS preferences in policy every 300ms: RelayEnabled=0,"
                        + " ManualPortMappingMode=1, ManualPortMappingPort=443,"
                        + " customConnections=https://media.example.com:443");
                assertThat(lines.subList(2, 5)).containsExactly("prefs_drift: id=RelayEnabled was=true now=false",
                        "prefs_drift: id=ManualPortMappingMode was=false now=true",
                        "prefs_drift: id=ManualPortMappingPort was=32400 now=443");
                assertThat(pms.pref("RelayEnabled")).isEqualTo("false");

                pms.pref("RelayEnabled", "true"); // a Plex update turned Relay back on
                org.awaitility.Awaitility.await().atMost(wait)
                        .until(() -> proxyLines.get().size() >= 6);
                assertThat(proxyLines.get().get(5)).isEqualTo("prefs_drift: id=RelayEnabled was=true now=false");
                org.awaitility.Awaitility.await().atMost(wait).until(() -> "false".equals(pms.pref("RelayEnabled")));

                int admin = Integer.parseInt(out.get(0).replaceAll(".*\\(admin 127\\.0\\.0\\.1:(\\d+)\\).*", "$1"));
                org.awaitility.Awaitility.await().atMost(wait).untilAsserted(() -> {
                    try (io.doorman.testkit.RawHttp c = io.doorman.testkit.RawHttp.connect("127.0.0.1", admin)) {
                        c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(c.readResponse().bodyText())
                                .contains("doorman_prefs_drift_total{id=\"RelayEnabled\"} 2.0")
                                .contains("doorman_prefs_drift_total{id=\"ManualPortMappingPort\"} 1.0")
                                .contains("doorman_prefs_in_policy 1.0");
                    }
                });

                pms.close(); // PMS down: a warning, and the enforcer keeps trying
                org.awaitility.Awaitility.await().atMost(wait).until(() -> err.stream().anyMatch(
                        l -> l.startsWith("doorman: warning: prefs: cannot reach PMS at " + pms.baseUri())
                                && l.endsWith("; retrying in 300ms")));
                assertThat(p.toHandle().destroy()).isTrue();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                assertThat(String.join("\n", out) + String.join("\n", err)).doesNotContain("ownerTOKENprefs7");
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
