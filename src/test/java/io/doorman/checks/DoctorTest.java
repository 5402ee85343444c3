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

    private FakePms pms;
    private FakePlexTv plexTv;
    private FakeDoormanAdmin admin;

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
        pms.close();
        plexTv.close();
        admin.close();
    }

    /** The runbook's setup: every check passes. */
    private void healthy() {
        pms.pref("RelayEnabled", "0");
        pms.pref("ManualPortMappingMode", "1");
        pms.pref("ManualPortMappingPort", "443");
        pms.pref("LanNetworksBandwidth", "127.0.0.0/8,192.168.0.0/16,100.64.0.0/10");
        pms.sessions(List.of(Session.wan("Alice iPhone", "c0ffee00-ios", "203.0.113.45")));
        admin.clients(new FakeDoormanAdmin.Client("c0ffee00-ios", "203.0.113.45", false));
        plexTv.resources(new FakePlexTv.Resource("Fake PMS", MACHINE, "198.51.100.20",
                List.of(Connection.lanPlexDirect("192.168.1.10", HASH), Connection.custom("https://media.example.com:443"))));
    }

    private DoctorInputs inputs(String token, URI pmsUrl, List<Cidr> trusted, URI adminUrl, URI plexTvUrl) {
        LockdownSettings lock = LockdownSettings.defaults().withPublicUrl(URI.create("https://media.example.com"));
        return new DoctorInputs(pmsUrl, new Secret(token), lock, new HostPort("127.0.0.1", 33240), trusted,
                Cidr.DEFAULT_LAN, adminUrl, plexTvUrl, Duration.ofSeconds(5));
    }

    private DoctorInputs inputs() {
        return inputs(OWNER, pms.baseUri(), Cidr.LOOPBACK, admin.baseUri(), plexTv.baseUri());
    }

    static DoctorContext context(DoctorInputs in) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new DoctorContext(in, new PmsClient(in.pmsUrl(), http), new DoctorHttp(in.timeout()));
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
    void runbookSetupPassesEveryCheck() {
        healthy();
        DoctorContext ctx = context(inputs());
        List<Check> checks = Doctor.standard().run(ctx);
        assertThat(ctx.stopReason()).isNull();
        assertThat(checks).allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Status.PASS));
        assertThat(byId(checks)).containsKeys("pms.reachable", "pms.owner-token", "pref.RelayEnabled",
                "prefs.secure-connections", "prefs.custom-url", "prefs.remote-access", "prefs.port-mapping",
                "local-remote.pms-hop", "local-remote.forwarded-headers", "local-remote.remote-as-local",
                "local-remote.lan-as-remote", "local-remote.tailscale", "sessions.playing", "sessions.relay",
                "sessions.local-vs-doorman", "plextv.server", "plextv.direct-bypass", "plextv.relay",
                "plextv.custom-url");
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
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
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
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
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
}
