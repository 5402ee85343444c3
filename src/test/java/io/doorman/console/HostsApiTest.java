package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.frontends.HostsFile;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.FakePms;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/hosts} over a real admin listener: hosts.yaml edited through the same code as the CLI. */
class HostsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "{\"name\":\"living\",\"domains\":[\"media.example.com\"],"
            + "\"upstream\":\"http://127.0.0.1:32400\",\"plexMode\":{\"liveTv\":true}}";

    @TempDir
    Path tmp;
    private FakePms pms;
    private PrometheusMeterRegistry registry;
    private ProxyServer proxy;
    private AdminServer admin;
    private volatile boolean signedIn = true;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri()).build();
        proxy = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget), registry).start();
        ConsoleRouter router = new ConsoleRouter(r -> signedIn ? null : new ApiError(401, "sign in first"),
                new StaticFiles());
        new HostsApi(HostsFile.in(tmp), new HostPort("127.0.0.1", 33240), null).routes(router);
        admin = new AdminServer(new HostPort("127.0.0.1", 0), registry, proxy).withConsole(new ConsoleHttp(router))
                .start();
    }

    @AfterEach
    void stop() {
        admin.close();
        proxy.shutdown(java.time.Duration.ZERO);
        registry.close();
        pms.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.address().getPort()
                + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void createReadReplaceAndDeleteAHost() throws Exception {
        assertThat(call("GET", "/api/hosts", null).body()).isEqualTo("[]");
        HttpResponse<String> created = call("POST", "/api/hosts", HOST);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("customUrl").asText()).isEqualTo("https://media.example.com:443");
        assertThat(Files.readString(tmp.resolve("hosts.yaml"))).contains("media.example.com");
        assertThat(created.headers().firstValue("Content-Security-Policy")).isPresent();

        assertThat(call("POST", "/api/hosts", HOST).statusCode()).isEqualTo(409);
        JsonNode one = json(call("GET", "/api/hosts/living", null));
        assertThat(one.get("plexMode").get("liveTv").asBoolean()).isTrue();
        assertThat(one.get("domains").get(0).asText()).isEqualTo("media.example.com");

        String changed = one.toString().replace("media.example.com", "plex.example.com");
        HttpResponse<String> put = call("PUT", "/api/hosts/living", changed);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/api/hosts", null)).get(0).get("domains").get(0).asText())
                .isEqualTo("plex.example.com");

        assertThat(call("DELETE", "/api/hosts/living", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/hosts/living", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/hosts/living", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIs400NamingTheFieldAndNothingStoredIsLost() throws Exception {
        assertThat(call("POST", "/api/hosts", HOST).statusCode()).isEqualTo(201);
        String before = Files.readString(tmp.resolve("hosts.yaml"));
        HttpResponse<String> badDomain = call("POST", "/api/hosts", HOST.replace("living", "cabin")
                .replace("media.example.com", "Not A Domain"));
        assertThat(badDomain.statusCode()).isEqualTo(400);
        assertThat(json(badDomain).get("field").asText()).isEqualTo("domains");
        HttpResponse<String> badPort = call("POST", "/api/hosts", HOST.replace("living", "cabin")
                .replace("\"upstream\"", "\"port\":70000,\"upstream\""));
        assertThat(json(badPort).get("field").asText()).isEqualTo("port");
        HttpResponse<String> badUpstream = call("POST", "/api/hosts", HOST.replace("living", "cabin")
                .replace("http://127.0.0.1:32400", "ftp://x"));
        assertThat(json(badUpstream).get("field").asText()).isEqualTo("upstream");
        HttpResponse<String> sameDomain = call("POST", "/api/hosts", HOST.replace("living", "cabin"));
        assertThat(sameDomain.statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/hosts", "{not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/hosts", "[1]").statusCode()).isEqualTo(400);
        HttpResponse<String> rename = call("PUT", "/api/hosts/living", HOST.replace("living", "other"));
        assertThat(rename.statusCode()).isEqualTo(400);
        assertThat(json(rename).get("field").asText()).isEqualTo("name");
        assertThat(Files.readString(tmp.resolve("hosts.yaml"))).isEqualTo(before);
    }

    @Test
    void eachHostsFrontendConfigWithItsCustomUrlAndWarnings() throws Exception {
        call("POST", "/api/hosts", HOST);
        JsonNode nginx = json(call("GET", "/api/hosts/living/frontend?kind=nginx", null));
        assertThat(nginx.get("kind").asText()).isEqualTo("nginx");
        assertThat(nginx.get("files").get(0).get("text").asText()).contains("server_name media.example.com")
                .contains("proxy_pass");
        assertThat(nginx.get("customUrl").asText()).isEqualTo("https://media.example.com:443");
        assertThat(nginx.get("warnings").size()).isPositive();
        assertThat(nginx.get("canApply").asBoolean()).isFalse();
        JsonNode caddy = json(call("GET", "/api/hosts/living/frontend", null));
        assertThat(caddy.get("kind").asText()).as("the host's own kind by default").isEqualTo("caddy");
        HttpResponse<String> bogus = call("GET", "/api/hosts/living/frontend?kind=bogus", null);
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(json(bogus).get("field").asText()).isEqualTo("kind");
        assertThat(call("POST", "/api/hosts/living/apply", null).statusCode()).as("no Caddy admin set")
                .isEqualTo(409);
    }

    @Test
    void aDoormanOnPort0GetsA409SayingWhyRatherThanA500() throws Exception {
        call("POST", "/api/hosts", HOST);
        ConsoleRouter r = new ConsoleRouter(req -> null, new StaticFiles());
        new HostsApi(HostsFile.in(tmp), new HostPort("127.0.0.1", 0), null).routes(r);
        ApiResponse.Json answer = (ApiResponse.Json) r.handle(ConsoleOverSocket.request("GET",
                "/api/hosts/living/frontend", Map.of("kind", "nginx")));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().get("error").asText()).contains("port 0");
    }

    @Test
    void withoutASessionEveryHostCallIs401() throws Exception {
        signedIn = false;
        for (String[] c : new String[][] {{"GET", "/api/hosts"}, {"POST", "/api/hosts"}, {"GET", "/api/hosts/x"},
                {"PUT", "/api/hosts/x"}, {"DELETE", "/api/hosts/x"}, {"GET", "/api/hosts/x/frontend"},
                {"POST", "/api/hosts/x/apply"}}) {
            HttpResponse<String> r = call(c[0], c[1], c[0].equals("GET") ? null : HOST);
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isEqualTo("sign in first");
        }
        assertThat(Files.exists(tmp.resolve("hosts.yaml"))).isFalse();
    }

    @Test
    void theOperationsEndpointsStayOpenBesideTheConsole() throws Exception {
        signedIn = false;
        assertThat(call("GET", "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/metrics", null).statusCode()).isEqualTo(200);
    }
}
