package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin client's errors, against a small fake admin endpoint that answers as Caddy does when it refuses
 * (the successful paths run against the real Caddy in CaddyApplyTest).
 */
class CaddyAdminTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    private URI fake(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                if (status == 0) {
                    release.await(30, TimeUnit.SECONDS); // never answers within the client's timeout
                    return;
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
                ex.getResponseBody().write(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void caddysErrorTextAndTheAdminUrlAreInTheMessage() throws Exception {
        URI admin = fake(403, "{\"error\":\"host not allowed: 127.0.0.1:1234\"}\n");
        assertThatThrownBy(() -> new CaddyAdmin(admin, Duration.ofSeconds(5)).config())
                .isInstanceOf(CaddyAdminException.class)
                .hasMessage("Caddy's admin API at " + admin + ": GET /config/ answered HTTP 403: host not allowed:"
                        + " 127.0.0.1:1234");
    }

    @Test
    void aRejectedWriteCarriesCaddysMessage() throws Exception {
        URI admin = fake(400, "{\"error\":\"loading config: loading new config: bad thing\"}\n");
        CaddyAdmin.WriteResult r = new CaddyAdmin(admin, Duration.ofSeconds(5))
                .replaceConfig(CaddyJson.parse("{}"), "\"/config/ 00000000\"");
        assertThat(r).isEqualTo(new CaddyAdmin.WriteResult.Rejected("loading config: loading new config: bad thing"));
    }

    @Test
    void aStaleWriteIsToldApartFromARefusal() throws Exception {
        URI admin = fake(412, "{\"error\":\"If-Match header did not match current config hash\"}\n");
        assertThat(new CaddyAdmin(admin, Duration.ofSeconds(5)).replaceConfig(CaddyJson.parse("{}"), "\"x\""))
                .isEqualTo(new CaddyAdmin.WriteResult.Stale());
    }

    @Test
    void somethingThatIsNotJsonIsSaidSo() throws Exception {
        URI admin = fake(200, "<html>not caddy</html>");
        assertThatThrownBy(() -> new CaddyAdmin(admin, Duration.ofSeconds(5)).config())
                .hasMessage("Caddy's admin API at " + admin + ": GET /config/ answered something that is not JSON");
    }

    @Test
    void anAdminThatDoesNotAnswerTimesOut() throws Exception {
        URI admin = fake(0, "");
        assertThatThrownBy(() -> new CaddyAdmin(admin, Duration.ofSeconds(1)).adapt("x {\n}\n"))
                .isInstanceOf(CaddyAdminException.class)
                .hasMessage("Caddy's admin API at " + admin + ": no answer to POST /adapt within 1s");
    }

    @Test
    void anAdminUrlThatIsNotHttpIsABadArgumentNamingTheOption() {
        assertThatThrownBy(() -> new CaddyAdmin(URI.create("unix:///run/caddy.sock"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--caddy-admin: expected an http:// URL such as http://127.0.0.1:2019, got"
                        + " unix:///run/caddy.sock");
    }
}
