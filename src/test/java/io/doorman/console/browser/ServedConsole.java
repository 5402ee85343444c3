package io.doorman.console.browser;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.cli.ServeProcess;
import io.doorman.testkit.FakeGdmResponder;
import io.doorman.testkit.FakePlexTv;
import io.doorman.testkit.FakePms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The console as users get it: the real {@code doorman serve} in a child JVM, its admin listener on a free port,
 * in front of a fake PMS, with a fake GDM responder and a fake plex.tv on loopback (the only things that cannot run
 * here) and a {@code Preferences.xml} fixture. Browser tests drive this, not a stand-in.
 */
public final class ServedConsole implements AutoCloseable {

    public static final String OWNER_TOKEN = "owner-token-for-the-console";
    public static final String PASSWORD = "a long admin password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final FakePms pms;
    private final FakeGdmResponder gdm;
    private final FakePlexTv plexTv;
    private final Path preferencesXml;
    private ServeProcess serve;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServedConsole(Path dir) throws IOException {
        this.dir = dir;
        this.pms = FakePms.start();
        pms.ownerToken(OWNER_TOKEN);
        this.gdm = FakeGdmResponder.start().servers(FakeGdmResponder.Server.of("Living Room PMS", "abc123def"));
        this.plexTv = FakePlexTv.start();
        plexTv.acceptToken(OWNER_TOKEN);
        this.preferencesXml = dir.resolve("plex/Preferences.xml");
        Files.createDirectories(preferencesXml.getParent());
        Files.writeString(preferencesXml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Preferences"
                + " ProcessedMachineIdentifier=\"abc123def\" PlexOnlineToken=\"" + OWNER_TOKEN
                + "\" FriendlyName=\"Living Room PMS\"/>\n", StandardCharsets.UTF_8);
        startServe();
    }

    /** Everything started, with no admin yet (the setup code is on serve's stdout). */
    public static ServedConsole start(Path dir) throws IOException {
        return new ServedConsole(dir);
    }

    private void startServe() throws IOException {
        serve = ServeProcess.start(dir, dir.resolve("data"), pms.baseUri().toString(), Map.of(
                "DOORMAN_GDM_TARGET", "127.0.0.1:" + gdm.address().getPort(),
                "DOORMAN_PLEXTV_URL", plexTv.baseUri().toString()),
                "--admin-listen", "127.0.0.1:0", "--abuse-block-threshold", "2");
    }

    /** Stops serve and starts it again on the same data directory (new ports). */
    public void restart() throws Exception {
        serve.close();
        startServe();
    }

    public FakePms pms() {
        return pms;
    }

    public FakeGdmResponder gdm() {
        return gdm;
    }

    public Path preferencesXml() {
        return preferencesXml;
    }

    /** The console's address, {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + serve.adminPort());
    }

    /** The proxy's address. */
    public URI proxyUrl() {
        return URI.create("http://127.0.0.1:" + serve.port());
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    /** The code of serve's one {@code console setup code:} line. */
    public String setupCode() {
        await().atMost(Duration.ofSeconds(10)).until(() -> serve.out().stream()
                .anyMatch(l -> l.startsWith("console setup code: ")));
        return serve.out().stream().filter(l -> l.startsWith("console setup code: ")).findFirst().orElseThrow()
                .substring("console setup code: ".length());
    }

    /**
     * Sets up the admin through the API (for tests about later pages) and returns the session cookie's value.
     */
    public String setUpAdmin() throws Exception {
        HttpResponse<String> r = post("/api/setup", "{\"code\":\"" + setupCode() + "\",\"password\":\"" + PASSWORD
                + "\"}", null, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("setup: " + r.statusCode() + " " + r.body());
        }
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(set.indexOf('=') + 1, set.indexOf(';'));
    }

    /** A call to the console's API as a signed-in admin ({@code cookie} from {@link #setUpAdmin}). */
    public HttpResponse<String> post(String path, String json, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            b.header("Cookie", "doorman_session=" + cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The session's CSRF token. */
    public String csrf(String cookie) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve("/api/session"))
                .header("Cookie", "doorman_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("csrfToken").asText();
    }

    /** serve's output so far, both streams, for assertions that nothing secret was printed. */
    public String output() {
        return String.join("\n", serve.out()) + "\n" + String.join("\n", serve.err());
    }

    @Override
    public void close() throws Exception {
        try {
            serve.close();
        } finally {
            pms.close();
            gdm.close();
            plexTv.close();
        }
    }
}
