package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.checks.DoctorInputs;
import io.doorman.checks.ExposureTargets;
import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.config.LockdownSettings;
import io.doorman.config.Secret;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.PlexHost;
import io.doorman.prefs.PublicUrl;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.DoormanProxies;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FakeDoormanAdmin;
import io.doorman.testkit.FakePlexTv;
import io.doorman.testkit.FakePlexTv.Connection;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FakeSessions.Session;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.LiveTvAccess;
import io.doorman.testkit.TlsFront;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Test button's API through a real front door: a TLS front (its own CA) before the real Doorman proxy before
 * the fake PMS, with a fake plex.tv and a fake admin listener, as the doctor's own tests set it up.
 */
class TestRunApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "owner-token-5b7c1d";
    private static final String MACHINE = "fake-machine-id";
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    private FakePms pms;
    private FakePlexTv plexTv;
    private FakeDoormanAdmin admin;
    private ProxyServer proxy;
    private TlsFront front;
    private HostsFile hosts;
    private volatile Secret token = new Secret(OWNER);

    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        pms.ownerToken(OWNER);
        pms.addToken(OWNER);
        pms.liveTvAccess(LiveTvAccess.SHARED_USER_FORBIDDEN);
        plexTv = FakePlexTv.start();
        plexTv.acceptToken(OWNER);
        admin = FakeDoormanAdmin.start();
        proxy = DoormanProxies.start(pms, OWNER, Mode.ELEVATE_LIVE_TV, line -> { });
        front = TlsFront.start(proxy.address());
        URI publicUrl = URI.create("https://localhost:" + front.port());
        String custom = PublicUrl.parse(publicUrl.toString()).withExplicitPort();
        pms.pref("RelayEnabled", "0");
        pms.pref("ManualPortMappingMode", "1");
        pms.pref("ManualPortMappingPort", String.valueOf(front.port()));
        pms.pref("customConnections", custom);
        pms.pref("LanNetworksBandwidth", "127.0.0.0/8,192.168.0.0/16,100.64.0.0/10");
        pms.sessions(List.of(Session.wan("Alice iPhone", "c0ffee00-ios", "203.0.113.45")));
        admin.clients(new FakeDoormanAdmin.Client("c0ffee00-ios", "203.0.113.45", false));
        plexTv.resources(new FakePlexTv.Resource("Fake PMS", MACHINE, "198.51.100.20",
                List.of(Connection.lanPlexDirect("192.168.1.10", HASH), Connection.custom(custom))));

        int dead = FreePorts.next();
        hosts = HostsFile.in(tmp);
        hosts.save(Hosts.NONE
                .with(new PlexHost("living", List.of("localhost"), front.port(), pms.baseUri(), false,
                        io.doorman.frontends.FrontendKind.CADDY, io.doorman.frontends.PlexMode.DEFAULTS))
                .with(new PlexHost("nowhere", List.of("nowhere.localhost"), dead, pms.baseUri(), false,
                        io.doorman.frontends.FrontendKind.CADDY, io.doorman.frontends.PlexMode.DEFAULTS)));
    }

    @AfterEach
    void stop() {
        front.close();
        proxy.shutdown(Duration.ofSeconds(1));
        pms.close();
        plexTv.close();
        admin.close();
    }

    private TestRunApi api() throws Exception {
        DoctorInputs setup = new DoctorInputs(pms.baseUri(), new Secret("ignored: the supplier's token is used"),
                LockdownSettings.defaults(), new HostPort("127.0.0.1", 33240), Cidr.LOOPBACK, Cidr.DEFAULT_LAN,
                admin.baseUri(), plexTv.baseUri(), front.caPem(), Duration.ofSeconds(5));
        // 127.0.0.2 stands in for this machine's own address, as in the doctor's tests.
        InetAddress own = InetAddress.getByName("127.0.0.2");
        ExposureTargets exposure = new ExposureTargets(() -> List.of(own), a -> true);
        return new TestRunApi(hosts, setup, () -> token, trusting(front.caPem()), exposure);
    }

    /** The validator's trust for the front's certificate (the doctor reads the same file itself). */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("front", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private ConsoleRouter router() throws Exception {
        ConsoleRouter r = new ConsoleRouter(req -> null, new StaticFiles());
        api().routes(r);
        return r;
    }

    /** Runs a host's test through the router with a sink that keeps each piece as it was sent. */
    private static List<String> run(ConsoleRouter r, String host, int acceptPieces) throws Exception {
        ApiResponse a = r.handle(ConsoleOverSocket.request("POST", "/api/hosts/" + host + "/test", Map.of()));
        assertThat(a).isInstanceOf(ApiResponse.Streamed.class);
        assertThat(((ApiResponse.Streamed) a).contentType()).isEqualTo("application/x-ndjson");
        List<String> pieces = new ArrayList<>();
        ((ApiResponse.Streamed) a).producer().produce(text -> {
            pieces.add(text);
            return pieces.size() < acceptPieces;
        });
        return pieces;
    }

    private static Map<String, JsonNode> byCheck(List<JsonNode> lines) {
        Map<String, JsonNode> m = new HashMap<>();
        lines.stream().filter(l -> l.has("check")).forEach(l -> m.put(l.get("check").asText(), l));
        return m;
    }

    private static List<JsonNode> parse(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void runsTheValidatorThenTheDoctorOneLinePerCheck() throws Exception {
        List<String> pieces = run(router(), "living", Integer.MAX_VALUE);
        assertThat(pieces).allSatisfy(p -> assertThat(p).endsWith("\n").doesNotContain("\n\n")
                .satisfies(x -> assertThat(x.indexOf('\n')).isEqualTo(x.length() - 1)));
        List<JsonNode> lines = parse(pieces);
        Map<String, JsonNode> m = byCheck(lines);
        for (String id : List.of("proxy.doorman", "proxy.no-token.livetv", "proxy.owner.library", "proxy.websocket",
                "pms.reachable", "pref.RelayEnabled", "frontdoor.https", "frontdoor.certificate",
                "frontdoor.reaches-doorman", "frontdoor.websocket", "sessions.local-vs-doorman")) {
            assertThat(m).containsKey(id);
            assertThat(m.get(id).get("status").asText()).as(m.get(id).toString()).isEqualTo("pass");
        }
        assertThat(m.get("frontdoor.websocket").has("message")).isTrue();
        assertThat(m.get("frontdoor.websocket").has("fix")).isTrue();
        assertThat(m.get("user.livetv").get("status").asText()).as("no user token given").isEqualTo("skip");
        assertThat(lines.get(0).get("check").asText()).as("the validator comes first").isEqualTo("proxy.doorman");
        assertThat(lines.indexOf(m.get("proxy.websocket"))).isLessThan(lines.indexOf(m.get("pms.reachable")));

        JsonNode done = lines.getLast();
        assertThat(done.get("done").asBoolean()).isTrue();
        List<JsonNode> checks = lines.subList(0, lines.size() - 1);
        assertThat(done.get("passed").asInt()).isEqualTo((int) checks.stream()
                .filter(l -> l.get("status").asText().equals("pass")).count());
        assertThat(done.get("failed").asInt()).isEqualTo((int) checks.stream()
                .filter(l -> l.get("status").asText().equals("fail")).count());
        assertThat(checks).allSatisfy(l -> assertThat(l.get("status").asText()).isIn("pass", "warn", "fail", "skip"));
        assertThat(String.join("", pieces)).doesNotContain(OWNER);
    }

    @Test
    void aFrontDoorThatDoesNotAnswerFailsAndTheDoctorStillRuns() throws Exception {
        List<JsonNode> lines = parse(run(router(), "nowhere", Integer.MAX_VALUE));
        Map<String, JsonNode> m = byCheck(lines);
        assertThat(lines.get(0).get("check").asText()).isEqualTo(TestRunApi.VALIDATE_COULD_NOT_RUN);
        assertThat(lines.get(0).get("status").asText()).isEqualTo("fail");
        assertThat(lines.get(0).get("message").asText()).contains("https://nowhere.localhost:");
        assertThat(lines.get(0).get("fix").asText()).contains("frontend");
        assertThat(m.get("frontdoor.certificate").get("status").asText()).as(lines.toString()).isEqualTo("fail");
        assertThat(m.get("frontdoor.websocket").get("status").asText()).isEqualTo("skip");
        assertThat(m.get("pms.reachable").get("status").asText()).isEqualTo("pass");
        assertThat(lines.getLast().get("failed").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void stopsAsSoonAsTheClientHasGone() throws Exception {
        List<String> pieces = run(router(), "living", 2);
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(1)).doesNotContain("\"done\"");
    }

    @Test
    void anUnknownHostIs404AndNoTokenIs409BeforeAnyStream() throws Exception {
        ConsoleRouter r = router();
        ApiResponse unknown = r.handle(ConsoleOverSocket.request("POST", "/api/hosts/attic/test", Map.of()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(((ApiResponse.Json) unknown).body().get("error").asText()).contains("attic");
        token = new Secret("");
        ApiResponse noToken = r.handle(ConsoleOverSocket.request("POST", "/api/hosts/living/test", Map.of()));
        assertThat(noToken.status()).isEqualTo(409);
        assertThat(((ApiResponse.Json) noToken).body().get("error").asText()).contains("owner token");
        assertThat(r.handle(ConsoleOverSocket.request("GET", "/api/hosts/living/test", Map.of())).status())
                .isEqualTo(405);
    }

    @Test
    void linesArriveOverTheAdminListenerAsNdjson() throws Exception {
        try (ConsoleOverSocket console = new ConsoleOverSocket(r -> {
            try {
                api().routes(r);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); ConsoleOverSocket.Stream test = console.stream("POST", "/api/hosts/living/test")) {
            await().atMost(Duration.ofSeconds(60)).until(test::ended);
            assertThat(test.lines).contains("HTTP/1.1 200 OK");
            assertThat(test.lines).anyMatch(l -> l.equalsIgnoreCase("content-type: application/x-ndjson"));
            List<JsonNode> lines = new CopyOnWriteArrayList<>();
            for (String l : test.lines) {
                if (l.startsWith("{")) {
                    lines.add(JSON.readTree(l));
                }
            }
            assertThat(byCheck(lines).get("frontdoor.websocket").get("status").asText()).isEqualTo("pass");
            assertThat(lines.getLast().get("done").asBoolean()).isTrue();
            assertThat(String.join("\n", test.lines)).doesNotContain(OWNER);

            console.signedIn = false;
            assertThat(console.call("POST", "/api/hosts/living/test").statusCode()).isEqualTo(401);
        }
    }
}
