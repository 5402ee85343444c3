package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.DoormanProxies;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FakeDoormanAdmin;
import io.doorman.testkit.FakePlexTv;
import io.doorman.testkit.FakePlexTv.Connection;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FakeSessions.Session;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.TlsFront;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman doctor} end to end: a fake PMS, a fake plex.tv (mocked: plex.tv cannot run here), a fake admin listener. */
class DoctorCommandTest {

    private static final String OWNER = "owner-token-77e1b0";

    @TempDir
    Path cwd;

    private FakePms pms;
    private FakePlexTv plexTv;
    private FakeDoormanAdmin admin;
    private ProxyServer proxy;
    private TlsFront front;
    private String publicUrl;

    /** The real proxy before the fake PMS and a TLS front (its own CA) before that: the public URL is the front's. */
    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        proxy = DoormanProxies.start(pms, OWNER, Mode.ELEVATE_LIVE_TV, line -> { });
        front = TlsFront.start(proxy.address());
        publicUrl = "https://localhost:" + front.port();
        pms.ownerToken(OWNER);
        pms.addToken(OWNER);
        pms.pref("RelayEnabled", "0");
        pms.pref("ManualPortMappingMode", "1");
        pms.pref("ManualPortMappingPort", String.valueOf(front.port()));
        pms.pref("customConnections", publicUrl);
        pms.pref("LanNetworksBandwidth", "127.0.0.0/8,100.64.0.0/10");
        pms.sessions(List.of(Session.wan("Alice iPhone", "c0ffee00-ios", "203.0.113.45")));
        plexTv = FakePlexTv.start();
        plexTv.acceptToken(OWNER);
        plexTv.resources(new FakePlexTv.Resource("Fake PMS", "fake-machine-id", "198.51.100.20",
                List.of(Connection.custom(publicUrl))));
        admin = FakeDoormanAdmin.start();
        admin.clients(new FakeDoormanAdmin.Client("c0ffee00-ios", "203.0.113.45", false));
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        proxy.close();
        pms.close();
        plexTv.close();
        admin.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DOORMAN_UPSTREAM", pms.baseUri().toString());
        env.put("DOORMAN_OWNER_TOKEN", OWNER);
        env.put("DOORMAN_PUBLIC_URL", publicUrl);
        return env;
    }

    private String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("doctor", "--admin-url", admin.baseUri().toString(), "--plextv-url",
                plexTv.baseUri().toString(), "--ca-file", front.caPem().toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }


    @Test
    void aHealthySetupExitsZeroWithATable() {
        CliRun r = CliRun.run(env(), cwd, args()).showsNone(OWNER);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("PASS  pms.reachable").contains("plextv.custom-url").endsWith("doctor: ok\n");
    }

    @Test
    void jsonIsOneObject() throws Exception {
        CliRun r = CliRun.run(env(), cwd, args("--json")).showsNone(OWNER);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("command").asText()).isEqualTo("doctor");
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("checks").size()).isGreaterThan(15);
        assertThat(r.out().lines().count()).isEqualTo(1);
    }

    @Test
    void aFailedCheckExitsThree() {
        pms.pref("RelayEnabled", "1");
        CliRun r = CliRun.run(env(), cwd, args()).showsNone(OWNER);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL  pref.RelayEnabled").contains("fix: ");
    }

    @Test
    void pmsDownPrintsWhatWasFoundAndExitsOne() throws Exception {
        Map<String, String> env = env();
        env.put("DOORMAN_UPSTREAM", "http://127.0.0.1:" + FreePorts.next());
        CliRun r = CliRun.run(env, cwd, args()).failsWith(1).showsNone(OWNER);
        assertThat(r.err()).startsWith("doorman doctor: could not run: PMS is not reachable");
        assertThat(r.out()).contains("FAIL  pms.reachable").contains("SKIP  pms.owner-token");
    }

    @Test
    void noTokenExitsOne() {
        Map<String, String> env = env();
        env.remove("DOORMAN_OWNER_TOKEN");
        CliRun r = CliRun.run(env, cwd, args()).failsWith(1);
        assertThat(r.err()).contains("no owner token");
        assertThat(r.out()).contains("FAIL  pms.owner-token");
    }

    @Test
    void badUrlsAreUsageErrors() {
        CliRun.run(env(), cwd, "doctor", "--plextv-url", "ftp://plex.tv").failsWith(2);
        CliRun r = CliRun.run(env(), cwd, "doctor", "--pms-url", "not a url").failsWith(2);
        assertThat(r.err()).startsWith("doorman doctor: --pms-url");
        assertThat(CliRun.run(env(), cwd, "doctor", "--admin-url", "http://").failsWith(2).err())
                .startsWith("doorman doctor: --admin-url");
    }

    @Test
    void anUnreadableCaFileIsAUsageError() {
        CliRun r = CliRun.run(env(), cwd, "doctor", "--ca-file", cwd.resolve("missing.pem").toString()).failsWith(2);
        assertThat(r.err()).startsWith("doorman doctor: --ca-file");
    }

    @Test
    void withoutThePrivateCaTheCertificateFailsWithItsFix() {
        List<String> a = new ArrayList<>(List.of(args()));
        int at = a.indexOf("--ca-file");
        a.remove(at + 1);
        a.remove(at);
        CliRun r = CliRun.run(env(), cwd, a.toArray(String[]::new)).showsNone(OWNER);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL  frontdoor.certificate").contains("--ca-file");
    }

    @Test
    void helpExitsZero() {
        CliRun r = CliRun.run(Map.of(), cwd, "doctor", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--plextv-url").contains("--admin-url");
    }

    @Test
    void theRealDoctorInAChildJvm() throws Exception {
        ProcessBuilder pb = ChildJvm.builder(cwd, List.of(args("--json")));
        pb.environment().putAll(env());
        ChildJvm.Outcome o = ChildJvm.run(pb);
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(new ObjectMapper().readTree(o.out()).get("ok").asBoolean()).isTrue();
        assertThat(o.out() + o.err()).doesNotContain(OWNER);
    }
}
