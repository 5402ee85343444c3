package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.testkit.FakePms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as {@code doorman serve} runs it: the setup code on stdout, setup once, sessions, CSRF, the login
 * throttle, and a host added through the API that serve then routes to, all over real sockets to a real process.
 */
class ConsoleServeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;
    private FakePms pms;
    private ServeProcess serve;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        serve = startServe();
    }

    private ServeProcess startServe() throws Exception {
        return ServeProcess.start(tmp, tmp.resolve("data"), pms.baseUri().toString(), Map.of(), "--admin-listen",
                "127.0.0.1:0");
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        pms.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.adminPort() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private String setupCode() {
        await().atMost(Duration.ofSeconds(10)).until(() -> serve.out().stream()
                .anyMatch(l -> l.startsWith("console setup code: ")));
        List<String> lines = serve.out().stream().filter(l -> l.startsWith("console setup code: ")).toList();
        assertThat(lines).hasSize(1);
        return lines.get(0).substring("console setup code: ".length());
    }

    /** The session cookie's {@code name=value}. */
    private static String cookie(HttpResponse<String> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(set).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        return set.substring(0, set.indexOf(';'));
    }

    @Test
    void setupOnceThenSessionsWithCsrfAndAHostServeRoutesTo() throws Exception {
        String code = setupCode();
        JsonNode before = json(call("GET", "/api/session", null));
        assertThat(before.get("authenticated").asBoolean()).isFalse();
        assertThat(before.get("setupRequired").asBoolean()).isTrue();
        assertThat(call("GET", "/api/hosts", null).statusCode()).isEqualTo(401);

        HttpResponse<String> wrongCode = call("POST", "/api/setup", "{\"code\":\"AAAA-AAAA-AAAA-AAAA\",\"password\":\""
                + PASSWORD + "\"}");
        assertThat(wrongCode.statusCode()).isEqualTo(403);
        HttpResponse<String> shortPassword = call("POST", "/api/setup", "{\"code\":\"" + code
                + "\",\"password\":\"short\"}");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(json(shortPassword).get("field").asText()).isEqualTo("password");
        HttpResponse<String> setup = call("POST", "/api/setup", "{\"code\":\"" + code + "\",\"password\":\""
                + PASSWORD + "\"}");
        assertThat(setup.statusCode()).isEqualTo(200);
        String cookie = cookie(setup);
        String csrf = json(setup).get("csrfToken").asText();
        assertThat(call("POST", "/api/setup", "{\"code\":\"" + code + "\",\"password\":\"" + PASSWORD + "\"}")
                .statusCode()).isEqualTo(409);

        JsonNode session = json(call("GET", "/api/session", null, "Cookie", cookie));
        assertThat(session.get("authenticated").asBoolean()).isTrue();
        assertThat(session.get("csrfToken").asText()).isEqualTo(csrf);

        String host = "{\"name\":\"living\",\"domains\":[\"media.example.com\"],\"upstream\":\"" + pms.baseUri()
                + "\"}";
        assertThat(call("POST", "/api/hosts", host, "Cookie", cookie).statusCode()).as("no CSRF header")
                .isEqualTo(403);
        assertThat(call("POST", "/api/hosts", host, "Cookie", cookie, "X-CSRF-Token", "wrong").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/hosts", host).statusCode()).as("no session").isEqualTo(403);
        assertThat(call("POST", "/api/hosts", host, "Cookie", cookie, "X-CSRF-Token", csrf).statusCode())
                .isEqualTo(201);

        // serve re-reads hosts.yaml: the new host routes by Host to its PMS.
        HttpClient plain = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + serve.port() + "/identity")).header("Host", "media.example.com")
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));

        assertThat(call("POST", "/api/logout", null, "Cookie", cookie).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/hosts", null, "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("data/doorman.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(String.join("\n", serve.out()) + String.join("\n", serve.err())).doesNotContain(PASSWORD)
                .doesNotContain(csrf).doesNotContain(cookie.substring(cookie.indexOf('=') + 1));

        // A restart keeps the admin: no new setup code, and the password still works.
        serve.close();
        serve = startServe();
        assertThat(serve.out()).noneMatch(l -> l.startsWith("console setup code"));
        HttpResponse<String> login = call("POST", "/api/login", "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/hosts", null, "Cookie", cookie(login)).body()).contains("media.example.com");
    }

    @Test
    void theOwnerTokenGivenToTheWizardServesLiveTvHostsAfterARestart() throws Exception {
        String code = setupCode();
        HttpResponse<String> setup = call("POST", "/api/setup", "{\"code\":\"" + code + "\",\"password\":\""
                + PASSWORD + "\"}");
        String cookie = cookie(setup);
        String csrf = json(setup).get("csrfToken").asText();
        String owner = "owner-token-from-the-wizard";
        pms.ownerToken(owner);
        HttpResponse<String> token = call("POST", "/api/setup/token", "{\"token\":\"" + owner + "\"}", "Cookie",
                cookie, "X-CSRF-Token", csrf);
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.body()).doesNotContain(owner);
        assertThat(call("POST", "/api/hosts", "{\"name\":\"living\",\"domains\":[\"media.example.com\"],"
                + "\"upstream\":\"" + pms.baseUri() + "\",\"plexMode\":{\"liveTv\":true}}", "Cookie", cookie,
                "X-CSRF-Token", csrf).statusCode()).isEqualTo(201);
        serve.close();
        // Without a stored owner token, a Live TV host stops serve at start ("elevation needs the owner token").
        serve = startServe();
        assertThat(serve.isAlive()).isTrue();
        assertThat(String.join("\n", serve.out()) + String.join("\n", serve.err())).doesNotContain(owner);
    }

    @Test
    void fiveBadPasswordsFromOneAddressAre429ForFiveMinutes() throws Exception {
        String code = setupCode();
        call("POST", "/api/setup", "{\"code\":\"" + code + "\",\"password\":\"" + PASSWORD + "\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(call("POST", "/api/login", "{\"password\":\"wrong password " + i + "\"}").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = call("POST", "/api/login", "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        long retry = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retry).isBetween(1L, 300L);
        assertThat(json(throttled).get("error").asText()).isNotEmpty();
    }

    @Test
    void everyAdminEndpointWantsASession() throws Exception {
        String[][] reads = {{"GET", "/api/hosts"}, {"GET", "/api/hosts/living"}, {"GET", "/api/hosts/living/frontend"},
                {"GET", "/api/setup/status"}, {"GET", "/api/setup/discover"}, {"GET", "/api/sessions"},
                {"GET", "/api/events"}, {"GET", "/api/audit"}, {"GET", "/api/audit/history"}, {"GET", "/api/blocks"}};
        String[][] changes = {{"POST", "/api/hosts"}, {"PUT", "/api/hosts/living"}, {"DELETE", "/api/hosts/living"},
                {"POST", "/api/hosts/living/apply"}, {"POST", "/api/hosts/living/test"},
                {"POST", "/api/setup/import-token"}, {"POST", "/api/setup/token"},
                {"POST", "/api/setup/test-connection"}, {"DELETE", "/api/blocks/203.0.113.9"}};
        for (String[] c : reads) {
            HttpResponse<String> r = call(c[0], c[1], null);
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isNotEmpty();
        }
        for (String[] c : changes) {
            assertThat(call(c[0], c[1], "{}").statusCode()).as(c[0] + " " + c[1]).isEqualTo(403);
        }
        assertThat(call("GET", "/api/session", null).statusCode()).as("open").isEqualTo(200);
    }

    @Test
    void theUiIsServedWithAStrictPolicyAndTheOperationsEndpointsStayOpen() throws Exception {
        HttpResponse<String> index = call("GET", "/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(call("GET", "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/nothing", null).statusCode()).isEqualTo(404);
    }
}
