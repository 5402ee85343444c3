package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Caddy and nginx configurations, run by the real programs on loopback in front of a recording
 * Doorman: the Host the client sent and its address arrive, a host with forwardClientIp off gets no client address
 * from nginx and no X-Real-IP from Caddy, WebSockets off is a 403 that never reaches Doorman, a guarded LAN alias
 * lets a LAN (loopback) client through (and with nginx, where the test can make a client look public, answers it
 * 404), and a stream's first bytes come before Doorman sends the rest.
 */
class FrontendForwardingTest {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final String SPOOFED = "X-Forwarded-For: 203.0.113.9\r\nX-Real-IP: 203.0.113.9\r\n";

    @TempDir
    Path dir;

    private RecordingDoorman doorman;
    private int port;
    private List<PlexHost> hosts;

    @BeforeEach
    void startDoorman() throws IOException {
        doorman = new RecordingDoorman();
        port = FreePorts.next();
        hosts = List.of(
                new PlexHost("living", List.of("media.example.com"), port, SampleHosts.PMS, false, FrontendKind.CADDY,
                        new PlexMode(true, true, false, List.of("living.home"), true)),
                new PlexHost("quiet", List.of("quiet.example.net"), port, SampleHosts.PMS, false, FrontendKind.CADDY,
                        new PlexMode(false, false, false, List.of(), false)));
    }

    @AfterEach
    void stopDoorman() {
        doorman.close();
    }

    private FrontendRequest request(FrontendRequest.Tls tls) {
        return new FrontendRequest(hosts, doorman.address(), tls, null, null, false);
    }

    private void awaitTls(ToolProcess.Running program, String name) {
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200))
                .failFast("the frontend exited", () -> !program.process().isAlive())
                .until(() -> LoopbackHttps.handshakes(port, name));
    }

    @Test
    void caddyPassesHostAndClientAndStreamsAsTheBytesCome() throws Exception {
        String caddy = ToolProcess.find("caddy", "install Debian's caddy package; .ci/run does");
        String site = new CaddyConfig().render(request(new FrontendRequest.Tls.Internal())).get(0).text();
        // A global options block of the test's own, before the file as generated: no admin port, port 80 not
        // taken, Caddy's CA kept out of the system's trust store.
        Path file = dir.resolve("Caddyfile");
        Files.writeString(file, "{\n\tadmin off\n\thttp_port " + FreePorts.next() + "\n\tskip_install_trust\n}\n\n" + site);
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(),
                "XDG_DATA_HOME", dir.resolve("data").toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString());
        try (ToolProcess.Running running = ToolProcess.start(List.of(caddy, "run", "--config", file.toString(),
                "--adapter", "caddyfile"), env, dir.resolve("caddy.log"))) {
            awaitTls(running, "media.example.com");
            awaitTls(running, "living.home");
            assertForwarding("Caddy", running);

            RecordingDoorman.Seen media = doorman.last("/media");
            // Caddy replaces what a client claims with the address it saw.
            assertThat(media.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
            assertThat(media.header("X-Forwarded-Host")).isEqualTo("media.example.com:" + port);
            RecordingDoorman.Seen quiet = doorman.last("/quiet");
            assertThat(quiet.header("X-Real-IP")).isNull();
            assertThat(quiet.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void nginxPassesHostAndClientAndStreamsAsTheBytesCome() throws Exception {
        String nginx = ToolProcess.find("nginx", "install Debian's nginx package; .ci/run does");
        SampleHosts.Certificate cert = SampleHosts.selfSigned(dir.resolve("tls"));
        Files.writeString(dir.resolve("doorman.conf"), new NginxConfig().render(request(cert.asTls())).get(0).text());
        Path main = dir.resolve("nginx.conf");
        Files.writeString(main, """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log stderr;
                events {}
                http {
                    access_log off;
                    # The test's stand-in for a client on the internet: this header's address is the client's.
                    set_real_ip_from 127.0.0.1;
                    real_ip_header X-Test-Client;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/doorman.conf;
                }
                """.formatted(dir));
        try (ToolProcess.Running running = ToolProcess.start(List.of(nginx, "-p", dir + "/", "-c", main.toString(),
                "-e", "stderr"), Map.of(), dir.resolve("nginx.log"))) {
            awaitTls(running, "media.example.com");
            assertForwarding("nginx", running);

            RecordingDoorman.Seen media = doorman.last("/media");
            // nginx appends the address it saw; Doorman believes the rightmost entry.
            assertThat(media.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
            RecordingDoorman.Seen quiet = doorman.last("/quiet");
            assertThat(quiet.header("X-Real-IP")).isNull();
            assertThat(quiet.header("X-Forwarded-For")).as("Doorman still tells clients apart")
                    .isEqualTo("203.0.113.9, 127.0.0.1");

            String fromOutside = "X-Test-Client: 203.0.113.7\r\n";
            assertThat(LoopbackHttps.get(port, "living.home", "/alias-from-outside", fromOutside).status())
                    .as("the public Host guard").isEqualTo(404);
            assertThat(doorman.seen()).extracting(RecordingDoorman.Seen::path).doesNotContain("/alias-from-outside");
            // The guard is the aliases' alone: the public name serves everyone.
            assertThat(LoopbackHttps.get(port, "media.example.com", "/media-from-outside", fromOutside).status())
                    .isEqualTo(200);
            assertThat(doorman.last("/media-from-outside").header("X-Real-IP")).isEqualTo("203.0.113.7");
        }
    }

    /** What both frontends must do, checked through {@code running}'s port. */
    private void assertForwarding(String frontend, ToolProcess.Running running) throws Exception {
        LoopbackHttps.Reply media = LoopbackHttps.get(port, "media.example.com", "/media", SPOOFED
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n");
        assertThat(media.status()).as(frontend + ": " + media.text() + running.output()).isEqualTo(200);
        assertThat(media.text()).contains("doorman");
        RecordingDoorman.Seen seen = doorman.last("/media");
        // Doorman routes by Host: the name the client asked for (its port left for Doorman to ignore).
        assertThat(seen.header("Host")).startsWith("media.example.com");
        assertThat(seen.header("X-Real-IP")).as(frontend).isEqualTo("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).as(frontend).isEqualTo("https");
        assertThat(seen.header("Upgrade")).as(frontend).isEqualTo("websocket");
        assertThat(seen.header("Connection")).as(frontend).containsIgnoringCase("upgrade");

        LoopbackHttps.Reply alias = LoopbackHttps.get(port, "living.home", "/alias", "");
        assertThat(alias.status()).as(frontend + ": a LAN client gets the guarded alias").isEqualTo(200);
        assertThat(doorman.last("/alias").header("Host")).startsWith("living.home");

        LoopbackHttps.Reply refused = LoopbackHttps.get(port, "quiet.example.net", "/:/websockets/notifications",
                "Upgrade: websocket\r\nConnection: Upgrade\r\n");
        assertThat(refused.status()).as(frontend).isEqualTo(403);
        assertThat(doorman.seen()).extracting(RecordingDoorman.Seen::path)
                .doesNotContain("/:/websockets/notifications");
        assertThat(LoopbackHttps.get(port, "quiet.example.net", "/quiet", SPOOFED).status()).isEqualTo(200);

        LoopbackHttps.Reply stream = LoopbackHttps.getInTwoParts(port, "media.example.com", "/stream",
                RecordingDoorman.FIRST_PART, doorman::release);
        assertThat(stream.status()).as(frontend).isEqualTo(200);
        assertThat(stream.text()).contains(RecordingDoorman.SECOND_PART);
    }
}
