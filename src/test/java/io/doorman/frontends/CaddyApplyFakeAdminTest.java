package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.doorman.frontends.CaddyApplyResult.Outcome;
import io.doorman.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths a real Caddy will not take on request — a write whose answer is lost, a rollback Caddy refuses — against
 * a fake admin endpoint that records what Doorman sent.
 */
class CaddyApplyFakeAdminTest {

    private static final String CURRENT = "{\"admin\":{\"listen\":\"127.0.0.1:2999\"},\"apps\":{}}\n";

    private HttpServer server;
    private int sitePort;
    /** What the fake answers to POST /config/ and POST /load: a status, or 0 to drop the connection. */
    private volatile int writeStatus = 200;
    private volatile int loadStatus = 200;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> ifMatch = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        sitePort = FreePorts.next(); // nothing listens there: every probe is refused
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String call = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            bodies.put(call, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String match = ex.getRequestHeaders().getFirst("If-Match");
            if (match != null) {
                ifMatch.put(call, match);
            }
            switch (call) {
                case "POST /adapt" -> send(ex, 200, "{\"result\":{\"apps\":{\"http\":{\"servers\":{\"srv0\":{\"listen\":"
                        + "[\"127.0.0.1:" + sitePort + "\"],\"routes\":[{\"match\":[{\"host\":[\"plex.example.test\"]}],"
                        + "\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"127.0.0.1:33240\"}]}],"
                        + "\"terminal\":true}]}}}}}}");
                case "GET /config/" -> send(ex, 200, CURRENT);
                case "POST /config/" -> send(ex, writeStatus, "");
                case "POST /load" -> send(ex, loadStatus, loadStatus == 200 ? "" : "{\"error\":\"loading config: boom\"}\n");
                default -> send(ex, 404, "{\"error\":\"not found\"}\n");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        if (status == 0) {
            return; // closing the exchange unanswered drops the connection
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        ex.getResponseBody().write(b);
    }

    private CaddyApplyResult apply() {
        URI admin = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new CaddyApply(new CaddyAdmin(admin, Duration.ofSeconds(5)), Duration.ofSeconds(1),
                Duration.ofSeconds(1), () -> {
                }).run("plex.example.test {\n}\n", List.of("plex.example.test"), sitePort);
    }

    @Test
    void aRollbackCaddyRefusesSaysSoAndHandsBackThePreviousConfig() {
        loadStatus = 400;
        CaddyApplyResult r = apply();

        assertThat(r.outcome()).isEqualTo(new Outcome.RollbackFailed("the probe of plex.example.test through Caddy"
                + " failed: cannot connect to Caddy at 127.0.0.1:" + sitePort + ": connection refused",
                "Caddy's admin API at http://127.0.0.1:" + server.getAddress().getPort() + ": POST /load answered"
                        + " HTTP 400: loading config: boom", CURRENT));
        assertThat(ifMatch.get("POST /config/")).isEqualTo(CaddyEtag.ifMatch("/config/",
                CURRENT.getBytes(StandardCharsets.UTF_8)));
        assertThat(bodies.get("POST /load")).isEqualTo(CURRENT);
        assertThat(bodies.get("POST /config/")).contains("\"admin\":{\"listen\":\"127.0.0.1:2999\"}")
                .contains("doorman-plex.example.test");
    }

    @Test
    void aWriteWhoseAnswerIsLostIsRolledBackJustInCase() {
        writeStatus = 0;
        CaddyApplyResult r = apply();

        assertThat(r.outcome()).isInstanceOf(Outcome.RolledBack.class);
        assertThat(((Outcome.RolledBack) r.outcome()).reason()).startsWith("writing the new config failed: Caddy's"
                + " admin API at http://127.0.0.1:" + server.getAddress().getPort() + ": POST /config/ failed (");
        assertThat(r.probes()).isEmpty();
        assertThat(bodies.get("POST /load")).isEqualTo(CURRENT);
    }
}
