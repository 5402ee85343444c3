package io.doorman.console.browser;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.cli.ServeProcess;
import io.doorman.testkit.CaddyProcess;
import io.doorman.testkit.FakeGdmResponder;
import io.doorman.testkit.FakePlexTv;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The console as users get it: the real {@code doorman serve} in a child JVM, its admin listener on a free port,
 * in front of a fake PMS, with a fake GDM responder (advertising the fake PMS's port) and a fake plex.tv on loopback
 * (the only things that cannot run here) and a {@code Preferences.xml} fixture. Browser tests drive this, not a
 * stand-in; they check what it did through its API and its files.
 */
public final class ServedConsole implements AutoCloseable {

    public static final String OWNER_TOKEN = "owner-token-for-the-console";
    public static final String PASSWORD = "a long admin password";
    /** What GDM and {@code Preferences.xml} call the fake PMS. */
    public static final String PMS_NAME = "Living Room PMS";
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, String> env;
    private final FakePms pms;
    private final FakeGdmResponder gdm;
    private final FakePlexTv plexTv;
    private final Path preferencesXml;
    private ServeProcess serve;
    private String adminCookie;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServedConsole(Path dir, Map<String, String> extraEnv) throws IOException {
        this.dir = dir;
        this.pms = FakePms.start();
        pms.ownerToken(OWNER_TOKEN);
        pms.addToken(OWNER_TOKEN);
        this.gdm = FakeGdmResponder.start()
                .servers(FakeGdmResponder.Server.of(PMS_NAME, "abc123def").withPort(pms.port()));
        this.plexTv = FakePlexTv.start();
        plexTv.acceptToken(OWNER_TOKEN);
        this.preferencesXml = dir.resolve("plex/Preferences.xml");
        Files.createDirectories(preferencesXml.getParent());
        Files.writeString(preferencesXml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Preferences"
                + " ProcessedMachineIdentifier=\"abc123def\" PlexOnlineToken=\"" + OWNER_TOKEN
                + "\" FriendlyName=\"" + PMS_NAME + "\"/>\n", StandardCharsets.UTF_8);
        this.env = new HashMap<>(extraEnv);
        env.put("DOORMAN_GDM_TARGET", "127.0.0.1:" + gdm.address().getPort());
        env.put("DOORMAN_PLEXTV_URL", plexTv.baseUri().toString());
        startServe();
    }

    /** Everything started, with no admin yet (the setup code is on serve's stdout). */
    public static ServedConsole start(Path dir) throws IOException {
        return new ServedConsole(dir, Map.of());
    }

    /** As {@link #start(Path)}, serve also getting these environment variables (e.g. {@code DOORMAN_CADDY_ADMIN}). */
    public static ServedConsole start(Path dir, Map<String, String> env) throws IOException {
        return new ServedConsole(dir, env);
    }

    private void startServe() throws IOException {
        // A real port, not 0: the frontend configs the console generates forward to it.
        serve = ServeProcess.start(dir, dataDir(), pms.baseUri().toString(), env, "--listen",
                "127.0.0.1:" + FreePorts.next(), "--admin-listen", "127.0.0.1:0", "--abuse-block-threshold",
                "2");
    }

    /** Stops serve and starts it again on the same data directory (new ports; sessions may end). */
    public void restart() throws Exception {
        serve.close();
        adminCookie = null;
        startServe();
    }

    /** Restarts serve (same data directory) with one more environment variable, e.g. {@code DOORMAN_CADDY_ADMIN}. */
    public void restartWith(String name, String value) throws Exception {
        env.put(name, value);
        restart();
    }

    /** Stops serve, forgets everything it stored (admin, token, hosts, blocks) and starts it as on a first run. */
    public void restartFresh() throws Exception {
        serve.close();
        adminCookie = null;
        if (Files.exists(dataDir())) {
            try (Stream<Path> all = Files.walk(dataDir())) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
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

    /** Where the console keeps its hosts (the CLI's file). */
    public Path hostsYaml() {
        return dataDir().resolve("hosts.yaml");
    }

    /** The code of serve's one {@code console setup code:} line. */
    public String setupCode() {
        await().atMost(Duration.ofSeconds(10)).until(() -> serve.out().stream()
                .anyMatch(l -> l.startsWith("console setup code: ")));
        return serve.out().stream().filter(l -> l.startsWith("console setup code: ")).findFirst().orElseThrow()
                .substring("console setup code: ".length());
    }

    /** Whether the console still waits for its first admin ({@code GET /api/session}). */
    public boolean setupRequired() throws Exception {
        return JSON.readTree(get("/api/session", null).body()).path("setupRequired").asBoolean();
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
        adminCookie = cookieOf(r);
        return adminCookie;
    }

    /** A session cookie of the admin, setting the admin up first when there is none (through the API). */
    public String adminSession() throws Exception {
        if (adminCookie != null && JSON.readTree(get("/api/session", adminCookie).body()).path("authenticated")
                .asBoolean()) {
            return adminCookie;
        }
        if (setupRequired()) {
            return setUpAdmin();
        }
        HttpResponse<String> r = post("/api/login", "{\"password\":\"" + PASSWORD + "\"}", null, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
        }
        adminCookie = cookieOf(r);
        return adminCookie;
    }

    private static String cookieOf(HttpResponse<String> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(set.indexOf('=') + 1, set.indexOf(';'));
    }

    /** A POST to the console's API ({@code cookie}, {@code csrf} null for none). */
    public HttpResponse<String> post(String path, String json, String cookie, String csrf) throws Exception {
        return send("POST", path, json, cookie, csrf);
    }

    /** A GET of the console's API with this session cookie (null for none). */
    public HttpResponse<String> get(String path, String cookie) throws Exception {
        return send("GET", path, null, cookie, null);
    }

    /** A call as the signed-in admin, with the session's CSRF token; fails unless it answered 2xx. */
    public JsonNode admin(String method, String path, String json) throws Exception {
        String cookie = adminSession();
        HttpResponse<String> r = send(method, path, json, cookie, method.equals("GET") ? null : csrf(cookie));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String json, String cookie, String csrf)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
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
        return JSON.readTree(get("/api/session", cookie).body()).get("csrfToken").asText();
    }

    /** Stores the owner token as the wizard's paste would (so the dashboard and Test can use it). */
    public void storeOwnerToken() throws Exception {
        admin("POST", "/api/setup/token", "{\"token\":\"" + OWNER_TOKEN + "\"}");
    }

    /** Adds a Plex Mode host through the API, routed to the fake PMS. */
    public JsonNode createHost(String name, String domain) throws Exception {
        return admin("POST", "/api/hosts", "{\"name\":\"" + name + "\",\"domains\":[\"" + domain + "\"],"
                + "\"upstream\":\"" + pms.baseUri() + "\"}");
    }

    /** A request through the proxy, as a frontend would forward it; returns the status. */
    public int throughProxy(String host, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxyUrl().resolve(path)).timeout(Duration.ofSeconds(20));
        if (host != null) {
            b.header("Host", host);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
