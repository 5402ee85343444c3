package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's request table on its own: routes, the admin gate, errors as JSON, the UI's files. */
class ConsoleRouterTest {

    @TempDir
    Path tmp;

    private static ApiRequest request(String method, String path) {
        return new ApiRequest(method, path, Map.of(), Map.of(), new byte[0], InetAddress.getLoopbackAddress(), false);
    }

    private ConsoleRouter router(ConsoleRouter.Gate gate) throws Exception {
        Path ui = tmp.resolve("io/doorman/console/ui");
        Files.createDirectories(ui.resolve("pages"));
        Files.writeString(ui.resolve("index.html"), "<!doctype html><title>Doorman</title>");
        Files.writeString(ui.resolve("pages/hosts.js"), "export const x = 1;");
        Files.writeString(ui.resolve("notes.txt"), "no type for this");
        ClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null);
        ConsoleRouter r = new ConsoleRouter(gate, new StaticFiles(loader));
        r.add("GET", "/api/open", ConsoleRouter.Access.OPEN, (q, p) -> new ApiResponse.Json(200,
                ApiRequest.JSON.createObjectNode().put("open", true)));
        r.add("GET", "/api/things/{name}", ConsoleRouter.Access.ADMIN, (q, p) -> new ApiResponse.Json(200,
                ApiRequest.JSON.createObjectNode().put("name", p.get("name"))));
        r.add("DELETE", "/api/things/{name}", ConsoleRouter.Access.ADMIN, (q, p) -> {
            throw ApiError.badField("name", "cannot delete " + p.get("name"));
        });
        r.add("GET", "/api/boom", ConsoleRouter.Access.OPEN, (q, p) -> {
            throw new IllegalStateException("secret detail");
        });
        return r;
    }

    private static ObjectNode json(ApiResponse r) {
        return (ObjectNode) ((ApiResponse.Json) r).body();
    }

    @Test
    void routesByPathAndMethodWithParameters() throws Exception {
        ConsoleRouter r = router(req -> null);
        assertThat(json(r.handle(request("GET", "/api/open"))).get("open").asBoolean()).isTrue();
        ApiResponse thing = r.handle(request("GET", "/api/things/living%20room"));
        assertThat(thing.status()).isEqualTo(200);
        assertThat(json(thing).get("name").asText()).isEqualTo("living room");
    }

    @Test
    void errorsAreJsonWithTheirStatusAndField() throws Exception {
        ConsoleRouter r = router(req -> null);
        ApiResponse bad = r.handle(request("DELETE", "/api/things/x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("cannot delete x");
        assertThat(json(bad).get("field").asText()).isEqualTo("name");

        ApiResponse unknown = r.handle(request("GET", "/api/nothing"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).contains("/api/nothing");

        ApiResponse method = r.handle(request("POST", "/api/things/x"));
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.headers()).containsEntry("Allow", "GET, DELETE");

        ApiResponse boom = r.handle(request("GET", "/api/boom"));
        assertThat(boom.status()).isEqualTo(500);
        assertThat(json(boom).toString()).doesNotContain("secret detail");
    }

    @Test
    void adminRoutesAskTheGateAndOpenOnesDoNot() throws Exception {
        ConsoleRouter r = router(req -> new ApiError(401, "sign in first"));
        assertThat(r.handle(request("GET", "/api/open")).status()).isEqualTo(200);
        ApiResponse refused = r.handle(request("GET", "/api/things/x"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(json(refused).get("error").asText()).isEqualTo("sign in first");
        assertThat(r.handle(request("DELETE", "/api/things/x")).status()).as("refused before the handler runs")
                .isEqualTo(401);
    }

    @Test
    void servesTheUiFromTheClasspathAndNothingElse() throws Exception {
        ConsoleRouter r = router(req -> null);
        ApiResponse index = r.handle(request("GET", "/"));
        assertThat(index.status()).isEqualTo(200);
        assertThat(((ApiResponse.Bytes) index).contentType()).startsWith("text/html");
        assertThat(new String(((ApiResponse.Bytes) index).body(), StandardCharsets.UTF_8)).contains("Doorman");
        ApiResponse js = r.handle(request("GET", "/ui/pages/hosts.js"));
        assertThat(((ApiResponse.Bytes) js).contentType()).startsWith("text/javascript");
        for (String path : new String[] {"/ui/../index.html", "/ui/notes.txt", "/ui/missing.js", "/etc/passwd",
                "/ui/%2e%2e/x.js", "/ui//pages/hosts.js"}) {
            assertThat(r.handle(request("GET", path)).status()).as(path).isEqualTo(404);
        }
        assertThat(r.handle(request("POST", "/")).status()).isEqualTo(405);
        assertThat(StaticFiles.securityHeaders().get("Content-Security-Policy")).contains("default-src 'self'")
                .doesNotContain("unsafe-inline");
    }
}
