package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorman.config.Secret;
import io.doorman.frontends.HostsFile;
import io.doorman.plex.GdmDiscovery;
import io.doorman.plex.OwnerTokenImport;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PreferencesXml;
import io.doorman.plex.PreferencesXmlLocations;
import io.doorman.testkit.FakeGdmResponder;
import io.doorman.testkit.FakePms;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setup wizard's API against a fake PMS, a fake GDM responder and a Preferences.xml fixture. */
class SetupApiTest {

    private static final String OWNER = "owner-token-Abc123xyz";

    /** The wizard's state as the store keeps it: two values. */
    static final class MemoryState implements SetupState {
        volatile String url;
        volatile Secret token = new Secret("");

        @Override
        public String pmsUrl() {
            return url;
        }

        @Override
        public void pmsUrl(String u) {
            url = u;
        }

        @Override
        public Secret ownerToken() {
            return token;
        }

        @Override
        public void ownerToken(Secret t) {
            token = t;
        }
    }

    @TempDir
    Path tmp;
    private FakePms pms;
    private FakeGdmResponder gdm;
    private final MemoryState state = new MemoryState();
    private ConsoleRouter router;

    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        pms.ownerToken(OWNER);
        gdm = FakeGdmResponder.start().servers(FakeGdmResponder.Server.of("Living Room", "abc123"),
                FakeGdmResponder.Server.of("Cabin", "def456"));
        Path prefs = tmp.resolve("root/var/lib/plexmediaserver/Library/Application Support/Plex Media Server");
        Files.createDirectories(prefs);
        Files.writeString(prefs.resolve("Preferences.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<Preferences MachineIdentifier=\"m-1\" ProcessedMachineIdentifier=\"abc123\" PlexOnlineToken=\""
                + OWNER + "\" FriendlyName=\"Living Room\"/>\n", StandardCharsets.UTF_8);
        router = new ConsoleRouter(r -> null, new StaticFiles());
        new SetupApi(state, HostsFile.in(tmp), () -> new GdmDiscovery(gdm.address(), Duration.ofMillis(600), 2),
                new OwnerTokenImport(PreferencesXmlLocations.under(tmp.resolve("root")), new PreferencesXml()))
                .routes(router);
    }

    @AfterEach
    void stop() {
        pms.close();
        gdm.close();
    }

    private ApiResponse call(String method, String path, String body) {
        return router.handle(new ApiRequest(method, path, Map.of(), Map.of("content-type", "application/json"),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), InetAddress.getLoopbackAddress(), false));
    }

    private static JsonNode json(ApiResponse r) {
        return ((ApiResponse.Json) r).body();
    }

    @Test
    void discoversServersOnTheLan() {
        JsonNode out = json(call("GET", "/api/setup/discover", null));
        assertThat(out.get("servers").findValuesAsText("name")).containsExactly("Cabin", "Living Room");
        assertThat(out.get("servers").get(1).get("machineIdentifier").asText()).isEqualTo("abc123");
        assertThat(out.get("servers").get(1).get("url").asText()).isEqualTo("http://127.0.0.1:32400");
    }

    @Test
    void importsTheOwnerTokenFromPreferencesXmlAndShowsOnlyItsFingerprint() {
        ApiResponse r = call("POST", "/api/setup/import-token", "{\"source\":\"linux\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).get("fingerprint").asText()).isEqualTo(PlexTokens.fingerprint(OWNER));
        assertThat(json(r).toString()).doesNotContain(OWNER);
        assertThat(state.token.reveal()).isEqualTo(OWNER);

        ApiResponse docker = call("POST", "/api/setup/import-token", "{\"source\":\"docker\"}");
        assertThat(docker.status()).isEqualTo(404);
        assertThat(json(docker).get("error").asText()).contains("/config/Library");
        ApiResponse bad = call("POST", "/api/setup/import-token", "{\"source\":\"windows\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("source");
        assertThat(call("POST", "/api/setup/import-token", "{}").status()).isEqualTo(400);
    }

    @Test
    void aPastedTokenIsCheckedAndKept() {
        ApiResponse bad = call("POST", "/api/setup/token", "{\"token\":\"has spaces in it\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("token");
        assertThat(json(bad).toString()).doesNotContain("has spaces");
        assertThat(state.token.isEmpty()).isTrue();
        ApiResponse ok = call("POST", "/api/setup/token", "{\"token\":\"" + OWNER + "\"}");
        assertThat(json(ok).get("tokenSet").asBoolean()).isTrue();
        assertThat(json(ok).toString()).doesNotContain(OWNER);
    }

    @Test
    void testsTheConnectionAndTheToken() {
        String url = "{\"url\":\"" + pms.baseUri() + "\"}";
        JsonNode noToken = json(call("POST", "/api/setup/test-connection", url));
        assertThat(noToken.get("ok").asBoolean()).isTrue();
        assertThat(noToken.get("tokenAccepted").asBoolean()).isFalse();
        assertThat(noToken.get("machineIdentifier").asText()).isNotEmpty();
        assertThat(state.url).isEqualTo(pms.baseUri().toString());

        state.token = new Secret("not-the-owner-token");
        JsonNode wrong = json(call("POST", "/api/setup/test-connection", url));
        assertThat(wrong.get("ok").asBoolean()).isFalse();
        assertThat(wrong.get("message").asText()).contains("refuses this token");

        pms.sharedUser("shared-user-token-1", java.util.Set.of("1"));
        state.token = new Secret("shared-user-token-1");
        JsonNode shared = json(call("POST", "/api/setup/test-connection", url));
        assertThat(shared.get("ok").asBoolean()).isFalse();
        assertThat(shared.get("message").asText()).contains("shared user");

        state.token = new Secret(OWNER);
        JsonNode good = json(call("POST", "/api/setup/test-connection", url));
        assertThat(good.get("ok").asBoolean()).isTrue();
        assertThat(good.get("tokenAccepted").asBoolean()).isTrue();
        assertThat(good.get("name").asText()).as("the root's friendlyName").isEqualTo("Fake PMS");

        JsonNode status = json(call("GET", "/api/setup/status", null));
        assertThat(status.get("pmsUrl").asText()).isEqualTo(pms.baseUri().toString());
        assertThat(status.get("tokenFingerprint").asText()).isEqualTo(PlexTokens.fingerprint(OWNER));
        assertThat(status.get("hosts").asInt()).isZero();
        assertThat(status.toString()).doesNotContain(OWNER);
    }

    @Test
    void aPmsThatDoesNotAnswerOrABadUrlIsSaid() {
        int port = pms.port();
        pms.close();
        JsonNode down = json(call("POST", "/api/setup/test-connection", "{\"url\":\"http://127.0.0.1:" + port
                + "\"}"));
        assertThat(down.get("ok").asBoolean()).isFalse();
        assertThat(down.get("message").asText()).contains("no Plex Media Server answered");
        ApiResponse bad = call("POST", "/api/setup/test-connection", "{\"url\":\"ftp://x/y\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("url");
    }
}
