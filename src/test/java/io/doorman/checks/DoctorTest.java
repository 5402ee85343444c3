package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.config.LockdownSettings;
import io.doorman.config.Secret;
import io.doorman.plex.PmsClient;
import io.doorman.testkit.FakeDoormanAdmin;
import io.doorman.testkit.FakePlexTv;
import io.doorman.testkit.FakePlexTv.Connection;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FakeSessions.Session;
import io.doorman.prefs.PublicUrl;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.DoormanProxies;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.TlsFront;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The doctor against a fake PMS, a fake plex.tv (the one mocked service) and a fake admin listener, over sockets. */
class DoctorTest {

    static final String OWNER = "owner-token-3f9a7c";
    static final String MACHINE = "fake-machine-id";
    static final String HASH = "0123456789abcdef0123456789abcdef";
    static final InetAddress OWN = ownStandIn();

    private FakePms pms;
    private FakePlexTv plexTv;
    private FakeDoormanAdmin admin;
    private ProxyServer proxy;
    private TlsFront front;
    private URI publicUrl = URI.create("https://media.example.com");
    /** 127.0.0.2 stands in for this machine's own address; as public, anything listening on it fails. */
    private ExposureTargets exposure = new ExposureTargets(() -> List.of(OWN), a -> true);

    @BeforeEach
    void start() {
        pms = FakePms.start();
        pms.ownerToken(OWNER);
        pms.addToken(OWNER);
        plexTv = FakePlexTv.start();
        plexTv.acceptToken(OWNER);
        admin = FakeDoormanAdmin.start();
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        if (proxy != null) {
            proxy.shutdown(Duration.ofSeconds(1));
        }
        pms.close();
        plexTv.close();
        admin.close();
    }

    private static InetAddress ownStandIn() {
        try {
            return InetAddress.getByName("127.0.0.2");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real proxy before the fake PMS and a TLS front (its own CA) before that: the public URL is the front's. */
    private void behindAFrontDoor() throws Exception {
        proxy = DoormanProxies.start(pms, OWNER, Mode.ELEVATE_LIVE_TV, line -> { });
        front = TlsFront.start(proxy.address());
        publicUrl = URI.create("https://localhost:" + front.port());
    }

    /** The runbook's setup for the public URL. */
    private void healthy() {
        String custom = PublicUrl.parse(publicUrl.toString()).withExplicitPort();
        pms.pref("RelayEnabled", "0");
        pms.pref("ManualPortMappingMode", "1");
        pms.pref("ManualPortMappingPort", String.valueOf(PublicUrl.parse(publicUrl.toString()).port()));
        pms.pref("customConnections", custom);
        pms.pref("LanNetworksBandwidth", "127.0.0.0/8,192.168.0.0/16,100.64.0.0/10");
        pms.sessions(List.of(Session.wan("Alice iPhone", "c0ffee00-ios", "203.0.113.45")));
        admin.clients(new FakeDoormanAdmin.Client("c0ffee00-ios", "203.0.113.45", false));
        plexTv.resources(new FakePlexTv.Resource("Fake PMS", MACHINE, "198.51.100.20",
                List.of(Connection.lanPlexDirect("192.168.1.10", HASH), Connection.custom(custom))));
    }

    private DoctorInputs inputs(String token, URI pmsUrl, List<Cidr> trusted, URI adminUrl, URI plexTvUrl) {
        LockdownSettings lock = LockdownSettings.defaults().withPublicUrl(publicUrl);
        return new DoctorInputs(pmsUrl, new Secret(token), lock, new HostPort("127.0.0.1", 33240), trusted,
                Cidr.DEFAULT_LAN, adminUrl, plexTvUrl, front == null ? null : front.caPem(), Duration.ofSeconds(5));
    }

    private DoctorInputs inputs() {
        return inputs(OWNER, pms.baseUri(), Cidr.LOOPBACK, admin.baseUri(), plexTv.baseUri());
    }

    private DoctorContext context(DoctorInputs in) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new DoctorContext(in, new PmsClient(in.pmsUrl(), http), new DoctorHttp(in.timeout()), exposure);
    }

    static Map<String, Check> byId(List<Check> checks) {
        Map<String, Check> m = new LinkedHashMap<>();
        checks.forEach(c -> m.put(c.id(), c));
        assertThat(m).as("ids are unique").hasSameSizeAs(checks);
        return m;
    }

    static void assertNoToken(List<Check> checks) {
        String all = checks.toString() + new CheckReport("doctor", checks).json();
        assertThat(all).doesNotContain(OWNER).doesNotContain("resource-access-token-not-for-output");
    }

    @Test
    void runbookSetupPassesEveryCheck() throws Exception {
        behindAFrontDoor();
        healthy();
        DoctorContext ctx = context(inputs());
        List<Check> checks = Doctor.standard().run(ctx);
        assertThat(ctx.stopReason()).isNull();
        assertThat(checks).allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Status.PASS));
        assertThat(byId(checks)).containsKeys("pms.reachable", "pms.owner-token", "pref.RelayEnabled",
                "prefs.secure-connections", "prefs.custom-url", "prefs.remote-access", "prefs.port-mapping",
                "local-remote.pms-hop", "local-remote.forwarded-headers", "local-remote.remote-as-local",
                "local-remote.lan-as-remote", "local-remote.tailscale", "sessions.playing", "sessions.relay",
                "sessions.local-vs-doorman", "frontdoor.https", "frontdoor.certificate", "frontdoor.reaches-doorman",
                "frontdoor.websocket", "exposure.pms", "exposure.proxy", "plextv.server", "plextv.direct-bypass",
                "plextv.relay", "plextv.custom-url");
        assertThat(byId(checks).get("pms.reachable").summary()).contains(MACHINE).contains("1.42.1");
        assertThat(byId(checks).get("local-remote.tailscale").summary()).contains("count as Local");
        assertNoToken(checks);
        assertThat(plexTv.requests()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.get("x-plex-client-identifier")).startsWith("doorman-").doesNotContain(OWNER);
            assertThat(h.get("accept")).isEqualTo("application/json");
        });
    }

    @Test
    void aLeakySetupFailsWithAFixForEach() {
        pms.pref("secureConnections", "0");
        pms.pref("customConnections", "https://media.example.com");
        pms.pref("PublishServerOnPlexOnlineKey", "1");
        pms.pref("LanNetworksBandwidth", "203.0.113.0/24,192.168.1.0/255.255.255.0");
        pms.sessions(List.of(Session.lan("Chrome", "web-abc", "192.168.1.40"), Session.relayed("TV", "tv-1")));
        admin.clients(new FakeDoormanAdmin.Client("web-abc", "203.0.113.9", false));
        plexTv.resources(new FakePlexTv.Resource("Fake PMS", MACHINE, "198.51.100.20",
                List.of(Connection.lanPlexDirect("192.168.1.10", HASH), Connection.publicPlexDirect("198.51.100.20",
                        HASH, 32400), Connection.relay("203.0.113.200", HASH))));
        List<Check> checks = Doctor.standard().run(context(inputs(OWNER, pms.baseUri(), List.of(), admin.baseUri(),
                plexTv.baseUri())));
        Map<String, Check> m = byId(checks);
        for (String id : List.of("pref.RelayEnabled", "pref.ManualPortMappingMode", "pref.customConnections",
                "prefs.secure-connections", "prefs.custom-url", "prefs.port-mapping", "local-remote.forwarded-headers",
                "local-remote.remote-as-local", "sessions.relay", "sessions.local-vs-doorman", "plextv.direct-bypass",
                "plextv.relay", "plextv.custom-url")) {
            assertThat(m.get(id).status()).as(id + ": " + m.get(id)).isEqualTo(Status.FAIL);
        }
        for (String id : List.of("prefs.remote-access", "local-remote.lan-as-remote", "local-remote.tailscale")) {
            assertThat(m.get(id).status()).as(id + ": " + m.get(id)).isEqualTo(Status.WARN);
        }
        assertThat(checks).filteredOn(c -> c.status() == Status.FAIL || c.status() == Status.WARN)
                .allSatisfy(c -> assertThat(c.fix()).as(c.id()).isNotBlank().doesNotContain("\n"));
        assertThat(m.get("prefs.custom-url").summary()).contains("without its port");
        assertThat(m.get("sessions.local-vs-doorman").summary()).contains("Chrome").contains("203.0.113.9");
        assertThat(m.get("plextv.direct-bypass").summary()).contains("198-51-100-20." + HASH + ".plex.direct:32400");
        assertNoToken(checks);
    }

    @Test
    void pmsDownFailsReachableAndSkipsTheRest() throws Exception {
        int closed = FreePorts.next();
        DoctorContext ctx = context(inputs(OWNER, URI.create("http://127.0.0.1:" + closed), Cidr.LOOPBACK,
                admin.baseUri(), plexTv.baseUri()));
        List<Check> checks = Doctor.standard().run(ctx);
        assertThat(ctx.stopReason()).isEqualTo("PMS is not reachable");
        assertThat(checks.getFirst().id()).isEqualTo("pms.reachable");
        assertThat(checks.getFirst().status()).isEqualTo(Status.FAIL);
        assertThat(checks.getFirst().fix()).contains("--pms-url");
        assertThat(checks.subList(1, checks.size())).isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.SKIP));
        assertThat(byId(checks)).containsKey("pms.owner-token");
    }

    @Test
    void aRefusedTokenFailsOwnerTokenAndStops() {
        pms.script("/:/prefs", 401, List.of(Map.entry("Content-Type", "text/html")), "<h1>401 Unauthorized</h1>".getBytes());
        DoctorContext ctx = context(inputs());
        Map<String, Check> m = byId(Doctor.standard().run(ctx));
        assertThat(m.get("pms.reachable").status()).isEqualTo(Status.PASS);
        assertThat(m.get("pms.owner-token").status()).isEqualTo(Status.FAIL);
        assertThat(m.get("pms.owner-token").summary()).contains("401").contains("sha256:").doesNotContain(OWNER);
        assertThat(ctx.stopReason()).contains("owner token");
        assertThat(m.get("plextv.server").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void noTokenFailsOwnerToken() {
        DoctorContext ctx = context(inputs("", pms.baseUri(), Cidr.LOOPBACK, admin.baseUri(), plexTv.baseUri()));
        Map<String, Check> m = byId(Doctor.standard().run(ctx));
        assertThat(m.get("pms.owner-token").status()).isEqualTo(Status.FAIL);
        assertThat(m.get("pms.owner-token").fix()).contains("DOORMAN_OWNER_TOKEN");
        assertThat(ctx.stopReason()).isEqualTo("no owner token");
    }

    @Test
    void plexTvAndAdminUnreachableAreSkippedNotPassed() throws Exception {
        healthy();
        int closed = FreePorts.next();
        URI nowhere = URI.create("http://127.0.0.1:" + closed);
        Map<String, Check> m = byId(Doctor.standard().run(context(inputs(OWNER, pms.baseUri(), Cidr.LOOPBACK, nowhere,
                nowhere))));
        for (String id : ResourceFindings.IDS) {
            assertThat(m.get(id).status()).as(id).isEqualTo(Status.SKIP);
            assertThat(m.get(id).summary()).contains("cannot reach plex.tv");
        }
        assertThat(m.get("sessions.local-vs-doorman").status()).isEqualTo(Status.SKIP);
        assertThat(m.get("sessions.local-vs-doorman").summary()).contains("admin listener");
        assertThat(m.get("sessions.playing").status()).isEqualTo(Status.PASS);
        assertThat(m.get("sessions.relay").status()).isEqualTo(Status.PASS);
    }

    @Test
    void plexTvRefusingTheTokenFailsServer() {
        healthy();
        Map<String, Check> m = byId(Doctor.standard().run(context(inputs(OWNER, pms.baseUri(), Cidr.LOOPBACK,
                admin.baseUri(), plexTv.baseUri()))));
        assertThat(m.get("plextv.server").status()).isEqualTo(Status.PASS);
        try (FakePlexTv other = FakePlexTv.start()) {
            Map<String, Check> refused = byId(Doctor.standard().run(context(inputs(OWNER, pms.baseUri(), Cidr.LOOPBACK,
                    admin.baseUri(), other.baseUri()))));
            assertThat(refused.get("plextv.server").status()).isEqualTo(Status.FAIL);
            assertThat(refused.get("plextv.server").summary()).contains("401").doesNotContain(OWNER);
            assertThat(refused.get("plextv.relay").status()).isEqualTo(Status.SKIP);
        }
    }

    @Test
    void aServerPlexTvDoesNotListFailsServer() {
        healthy();
        plexTv.resources(new FakePlexTv.Resource("Other", "another-machine", "198.51.100.20", List.of()));
        Map<String, Check> m = byId(Doctor.standard().run(context(inputs())));
        assertThat(m.get("plextv.server").status()).isEqualTo(Status.FAIL);
        assertThat(m.get("plextv.direct-bypass").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void noSessionsPasses() {
        healthy();
        pms.sessions(List.of());
        Map<String, Check> m = byId(Doctor.standard().run(context(inputs())));
        assertThat(m.get("sessions.playing").summary()).isEqualTo("no sessions playing");
        assertThat(m.get("sessions.local-vs-doorman").status()).isEqualTo(Status.PASS);
    }

    @Test
    void aPublicUrlStraightToPmsFailsReachesDoormanAndOneWithoutTheCaIsNotTrusted() {
        try (TlsFront toPms = TlsFront.start(new java.net.InetSocketAddress("127.0.0.1", pms.baseUri().getPort()))) {
            publicUrl = URI.create("https://localhost:" + toPms.port());
            healthy();
            LockdownSettings lock = LockdownSettings.defaults().withPublicUrl(publicUrl);
            DoctorInputs straight = new DoctorInputs(pms.baseUri(), new Secret(OWNER), lock,
                    new HostPort("127.0.0.1", 33240), Cidr.LOOPBACK, Cidr.DEFAULT_LAN, admin.baseUri(),
                    plexTv.baseUri(), toPms.caPem(), Duration.ofSeconds(5));
            Map<String, Check> m = byId(Doctor.standard().run(context(straight)));
            assertThat(m.get("frontdoor.https").status()).isEqualTo(Status.PASS);
            assertThat(m.get("frontdoor.certificate").status()).isEqualTo(Status.PASS);
            assertThat(m.get("frontdoor.reaches-doorman").status()).as(m.get("frontdoor.reaches-doorman").toString())
                    .isEqualTo(Status.FAIL);
            assertThat(m.get("frontdoor.reaches-doorman").summary()).contains("PMS directly");

            Map<String, Check> untrusted = byId(Doctor.standard().run(context(inputs())));
            assertThat(untrusted.get("frontdoor.certificate").status()).isEqualTo(Status.FAIL);
            assertThat(untrusted.get("frontdoor.certificate").summary()).contains("not trusted");
            assertThat(untrusted.get("frontdoor.reaches-doorman").status()).isEqualTo(Status.SKIP);
            assertNoToken(List.copyOf(untrusted.values()));
        }
    }

    @Test
    void noPublicUrlSkipsTheFrontDoorWithTheReason() {
        healthy();
        publicUrl = null;
        Map<String, Check> m = byId(Doctor.standard().run(context(inputs())));
        for (String id : List.of("frontdoor.https", "frontdoor.certificate", "frontdoor.reaches-doorman",
                "frontdoor.websocket")) {
            assertThat(m.get(id).status()).as(id).isEqualTo(Status.SKIP);
            assertThat(m.get(id).summary()).contains("no public URL set");
        }
    }

    @Test
    void pmsOrTheProxyPortOpenOnAnOwnAddressIsExposure() throws Exception {
        healthy();
        try (ServerSocket proxyPort = new ServerSocket(0, 8, OWN)) {
            LockdownSettings lock = LockdownSettings.defaults().withPublicUrl(publicUrl);
            DoctorInputs in = new DoctorInputs(pms.baseUri(), new Secret(OWNER), lock,
                    new HostPort("0.0.0.0", proxyPort.getLocalPort()), Cidr.LOOPBACK, Cidr.DEFAULT_LAN,
                    admin.baseUri(), plexTv.baseUri(), null, Duration.ofSeconds(5));
            Map<String, Check> asPublic = byId(Doctor.standard().run(context(in)));
            assertThat(asPublic.get("exposure.pms").status()).as(asPublic.get("exposure.pms").toString())
                    .isEqualTo(Status.PASS);
            assertThat(asPublic.get("exposure.pms").summary()).contains("port " + pms.baseUri().getPort());
            assertThat(asPublic.get("exposure.proxy").status()).isEqualTo(Status.FAIL);
            assertThat(asPublic.get("exposure.proxy").summary()).contains("public address 127.0.0.2");

            exposure = new ExposureTargets(() -> List.of(OWN), a -> false);
            Map<String, Check> asLan = byId(Doctor.standard().run(context(in)));
            assertThat(asLan.get("exposure.proxy").status()).isEqualTo(Status.WARN);

            exposure = new ExposureTargets(List::of, a -> true);
            Map<String, Check> none = byId(Doctor.standard().run(context(in)));
            assertThat(none.get("exposure.proxy").status()).isEqualTo(Status.SKIP);
        }
    }

    @Test
    void aSharedUsersTokenFailsOwnerTokenAndStops() {
        healthy();
        pms.addToken("shared-user-token-77");
        DoctorContext ctx = context(inputs("shared-user-token-77", pms.baseUri(), Cidr.LOOPBACK, admin.baseUri(),
                plexTv.baseUri()));
        List<Check> checks = Doctor.standard().run(ctx);
        Map<String, Check> m = byId(checks);
        assertThat(m.get("pms.owner-token").status()).isEqualTo(Status.FAIL);
        assertThat(m.get("pms.owner-token").summary()).contains("not the server owner's").contains("RelayEnabled")
                .contains("sha256:").doesNotContain("shared-user-token-77");
        assertThat(m.get("pms.owner-token").fix()).contains("PlexOnlineToken");
        assertThat(ctx.stopReason()).isEqualTo("the token is not the server owner's");
        assertThat(m.get("pref.RelayEnabled").status()).isEqualTo(Status.SKIP);
        assertThat(checks.toString()).doesNotContain("shared-user-token-77");
    }
}
