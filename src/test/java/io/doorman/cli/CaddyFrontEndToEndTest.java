package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.testkit.CaddyProcess;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import io.doorman.testkit.WebSocketFrames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * The whole front door on loopback: the real Caddy, with the configuration {@code doorman frontend caddy} generated
 * ({@code tls internal}, a high port), in front of the real {@code doorman serve}, in front of two fake PMS, each
 * with its Plex Mode host. The client connects from 127.0.0.2, so its address differs from Caddy's and Doorman's.
 */
class CaddyFrontEndToEndTest {

    private static final InetAddress CLIENT = loopback2();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakePms living;
    private FakePms cabin;
    private ServeProcess serve;
    private CaddyProcess caddy;
    private int publicPort;

    @BeforeEach
    void start() throws Exception {
        living = FakePms.start();
        cabin = FakePms.start();
        publicPort = FreePorts.next();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("hosts.yaml"), "hosts:\n"
                + "  - name: living\n    domains: [media.example.test]\n    port: " + publicPort + "\n    upstream: "
                + living.baseUri() + "\n"
                + "  - name: cabin\n    domains: [cabin.example.test]\n    port: " + publicPort + "\n    upstream: "
                + cabin.baseUri() + "\n");
        serve = ServeProcess.start(dir, data, living.baseUri().toString(), Map.of());
        CliRun generated = CliRun.run(Map.of(), dir, "frontend", "caddy", "--data-dir", data.toString(), "--tls",
                "internal", "--listen", "127.0.0.1:" + serve.port());
        assertThat(generated.code()).as(generated.err()).isZero();
        Path caddyDir = Files.createDirectories(dir.resolve("caddy"));
        caddy = startCaddy(caddyDir, generated.out());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("media.example.test", "/identity").status() == 200);
    }

    @AfterEach
    void stop() throws Exception {
        if (caddy != null) {
            caddy.close();
        }
        if (serve != null) {
            serve.close();
        }
        living.close();
        cabin.close();
    }

    /**
     * What this machine needs on top of the generated site: no root CA installed into the system's trust store,
     * and Caddy's HTTP port (redirects) off port 80.
     */
    private static String globalOptions(int adminPort) throws java.io.IOException {
        return "{\n\tadmin 127.0.0.1:" + adminPort + "\n\tskip_install_trust\n\thttp_port " + FreePorts.next()
                + "\n}\n";
    }

    private static CaddyProcess startCaddy(Path dir, String sites) throws java.io.IOException {
        int admin = FreePorts.next();
        return CaddyProcess.start(dir, admin, globalOptions(admin) + sites);
    }

    private RawHttp connect(String host) {
        return RawHttp.connectTls(new InetSocketAddress("127.0.0.1", publicPort), CLIENT, host, TIMEOUT);
    }

    private RawResponse get(String host, String target, String... headers) throws Exception {
        try (RawHttp c = connect(host)) {
            StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + publicPort
                    + "\r\nConnection: close\r\n");
            for (String h : headers) {
                b.append(h).append("\r\n");
            }
            c.send(b.append("\r\n").toString());
            return c.readResponse();
        }
    }

    @Test
    void eachHostReachesItsOwnPmsWithTheClientAsItsOneForwardedAddress() throws Exception {
        for (var host : List.of(Map.entry("media.example.test", living), Map.entry("cabin.example.test", cabin))) {
            FakePms pms = host.getValue();
            pms.clear();
            RawResponse r = get(host.getKey(), "/identity");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers("Via")).anyMatch(v -> v.contains("doorman"));
            RecordedRequest seen = pms.lastRequest();
            assertThat(seen.headers("X-Forwarded-For")).as(host.getKey()).containsExactly(CLIENT.getHostAddress());
            assertThat(seen.headers("X-Real-IP")).containsExactly(CLIENT.getHostAddress());
            assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("https");
            assertThat(seen.header("Host")).startsWith(host.getKey());
        }
        assertThat(living.requests()).noneMatch(r -> r.header("Host").startsWith("cabin."));
        assertThat(cabin.requests()).noneMatch(r -> r.header("Host").startsWith("media."));
    }

    @Test
    void aRangeRequestPassesForEachHost() throws Exception {
        for (String host : List.of("media.example.test", "cabin.example.test")) {
            RawResponse r = get(host, "/bytes/1048576", "Range: bytes=1000-1999");
            assertThat(r.status()).as(host).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("bytes 1000-1999/1048576");
            assertThat(r.body()).hasSize(1000);
            FakePms.verifyPattern(new java.io.ByteArrayInputStream(r.body()), 1000, 1000);
        }
    }

    @Test
    void aWebSocketUpgradePassesForEachHost() throws Exception {
        for (String host : List.of("media.example.test", "cabin.example.test")) {
            try (RawHttp c = connect(host)) {
                String key = WebSocketFrames.newKey();
                c.send("GET /:/websockets/notifications HTTP/1.1\r\nHost: " + host + ":" + publicPort
                        + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: " + key
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
                RawResponse head = c.readHead();
                assertThat(head.status()).as(host).isEqualTo(101);
                assertThat(head.header("Sec-WebSocket-Accept")).isEqualTo(WebSocketFrames.acceptFor(key));
                assertThat(WebSocketFrames.read(c.in()).text()).contains("hello");
                c.send(WebSocketFrames.maskedText("through caddy to " + host));
                assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("through caddy to " + host);
            }
        }
    }

    @Test
    void anUnknownHostNeverReachesAPms() throws Exception {
        living.clear();
        cabin.clear();
        try (RawHttp c = RawHttp.connect("127.0.0.1", serve.port())) {
            c.send("GET /identity HTTP/1.1\r\nHost: evil.example.net\r\nConnection: close\r\n\r\n");
            assertThat(c.readResponse().status()).as("Doorman itself").isEqualTo(404);
        }
        RawResponse viaCaddy = get("media.example.test", "/identity", "X-Probe: 1");
        assertThat(viaCaddy.status()).isEqualTo(200);
        try (RawHttp c = connect("media.example.test")) {
            c.send("GET /identity HTTP/1.1\r\nHost: evil.example.net\r\nConnection: close\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.headers("Via")).as("Caddy has no site for that name").noneMatch(v -> v.contains("doorman"));
        }
        assertThat(living.requests()).noneMatch(r -> r.header("Host").startsWith("evil."));
        assertThat(cabin.requests()).isEmpty();
    }

    /** Replaces the Caddy started with the generated file by one that runs only a user's own site. */
    private int usersOwnCaddy() throws Exception {
        caddy.close();
        int userPort = FreePorts.next();
        caddy = startCaddy(Files.createDirectories(dir.resolve("caddy-user")), "http://127.0.0.1:" + userPort
                + " {\n\trespond \"user site\" 200\n}\n");
        return userPort;
    }

    private CliRun apply(int doormanPort) {
        return CliRun.run(Map.of(), dir, "frontend", "caddy", "--apply", "--caddy-admin", caddy.adminUrl(),
                "--data-dir", dir.resolve("data").toString(), "--tls", "internal", "--listen",
                "127.0.0.1:" + doormanPort);
    }

    private static String usersSite(int port) throws Exception {
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
            return c.readResponse().bodyText();
        }
    }

    @Test
    void applyMergesTheSiteIntoARunningCaddyBesideTheUsersOwnSite() throws Exception {
        int userPort = usersOwnCaddy();
        CliRun applied = apply(serve.port());
        assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("added route for media.example.test", "caddy: applied");
        assertThat(get("cabin.example.test", "/identity").headers("Via")).anyMatch(v -> v.contains("doorman"));
        assertThat(get("media.example.test", "/identity").headers("Via")).anyMatch(v -> v.contains("doorman"));
        assertThat(usersSite(userPort)).isEqualTo("user site");

        CliRun again = apply(serve.port());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("caddy: no changes");
    }

    @Test
    void applyPutsThePreviousConfigBackWhenDoormanDoesNotAnswerThroughCaddy() throws Exception {
        int userPort = usersOwnCaddy();
        CliRun r = apply(FreePorts.next());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("caddy: rolled back:");
        assertThat(usersSite(userPort)).isEqualTo("user site");
        CliRun retried = apply(serve.port());
        assertThat(retried.out()).as("the failed site was taken out again").contains("added route for media.example.test");
    }

    private static InetAddress loopback2() {
        try {
            return InetAddress.getByName("127.0.0.2");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
