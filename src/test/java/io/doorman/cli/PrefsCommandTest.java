package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.testkit.FakePmsWithOwner;
import io.doorman.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman prefs check|enforce} in-process against the fake PMS over real sockets. */
class PrefsCommandTest {

    private static final String OWNER = "ownerPREFSCMD1";
    private static final String SHARED = "sharedPREFSCMD2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cwd;

    @RegisterExtension
    final FakePmsWithOwner pms = new FakePmsWithOwner(OWNER, SHARED);

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DOORMAN_OWNER_TOKEN", OWNER);
        env.put("DOORMAN_PUBLIC_URL", "https://media.example.com");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    private CliRun prefs(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "prefs";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--pms-url=" + pms.server().baseUri();
        return CliRun.run(env, cwd, all).showsNone(OWNER, SHARED);
    }

    private static Map<String, String> statuses(String json) throws Exception {
        JsonNode root = JSON.readTree(json);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode c : root.get("checks")) {
            out.put(c.get("id").asText(), c.get("status").asText());
        }
        return out;
    }

    @Test
    void checkNamesEachDriftedPreferenceWithItsCurrentAndWantedValue() {
        CliRun r = prefs(env(), "check");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL  pref.RelayEnabled           RelayEnabled is true, wanted 0")
                .contains("FAIL  pref.ManualPortMappingPort  ManualPortMappingPort is 32400, wanted 443")
                .contains("PASS  pref.customConnections      customConnections is https://media.example.com:443")
                .contains("fix: run 'doorman prefs enforce'")
                .endsWith("prefs check: 3 failed\n");
        assertThat(pms.server().requests()).noneMatch(q -> q.method().equals("PUT"));
    }

    @Test
    void checkAsJsonIsOneObjectWithEveryPolicyPreference() throws Exception {
        pms.server().prefsNumericBooleans(true);
        CliRun r = prefs(env(), "check", "--json");
        assertThat(r.code()).isEqualTo(3);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("command").asText()).isEqualTo("prefs check");
        assertThat(root.get("ok").asBoolean()).isFalse();
        assertThat(statuses(r.out())).containsExactly(Map.entry("pref.RelayEnabled", "fail"),
                Map.entry("pref.ManualPortMappingMode", "fail"), Map.entry("pref.ManualPortMappingPort", "fail"),
                Map.entry("pref.customConnections", "pass"));
        assertThat(root.get("checks").get(0).get("summary").asText()).isEqualTo("RelayEnabled is 1, wanted 0");
        assertThat(root.get("checks").get(3).has("fix")).isFalse();
        assertThat(r.out().lines().count()).isEqualTo(1);
    }

    @Test
    void enforceRepairsInOnePutAndACheckThenPasses() {
        CliRun r = prefs(env(), "enforce");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("pref.RelayEnabled           RelayEnabled was true, now false (repaired)")
                .endsWith("prefs enforce: ok\n");
        assertThat(pms.server().pref("RelayEnabled")).isEqualTo("false");
        assertThat(pms.server().pref("ManualPortMappingMode")).isEqualTo("true");
        assertThat(pms.server().pref("ManualPortMappingPort")).isEqualTo("443");
        assertThat(pms.server().requests().stream().filter(q -> q.method().equals("PUT")).count()).isEqualTo(1);
        assertThat(prefs(env(), "check").code()).isZero();
    }

    @Test
    void thePortFollowsThePublicUrlAndIsAlwaysExplicit() {
        CliRun r = prefs(env("DOORMAN_PUBLIC_URL", "https://plex.example.org:8443"), "enforce");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pms.server().pref("ManualPortMappingPort")).isEqualTo("8443");
        assertThat(pms.server().pref("customConnections")).isEqualTo("https://plex.example.org:8443");
    }

    @Test
    void aPreferencePmsRefusesIsNamedAndNotRetried() {
        CliRun r = prefs(env("DOORMAN_PREFS_REQUIRE", "ManualPortMappingPort=not-a-port"), "enforce");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL  pref.ManualPortMappingPort  PMS refused ManualPortMappingPort=not-a-port"
                + " (HTTP 400)");
        assertThat(r.out()).contains("RelayEnabled was true, now false (repaired)");
        // the one combined PUT, then one per drifted key to name the refused one; never a loop
        assertThat(pms.server().requests().stream().filter(q -> q.method().equals("PUT")).count()).isEqualTo(1 + 3);
    }

    @Test
    void defaultsCanBeTurnedOffAndExtrasAdded() throws Exception {
        Files.writeString(cwd.resolve("doorman.yaml"), """
                prefs-off: [RelayEnabled]
                prefs-require:
                  - secureConnections=1
                  - "LanNetworksBandwidth=192.168.1.0/24,10.0.0.0/8"
                """);
        pms.server().pref("LanNetworksBandwidth", "192.168.1.0/24,10.0.0.0/8");
        CliRun r = prefs(env(), "check", "--json");
        assertThat(statuses(r.out())).containsExactly(Map.entry("pref.ManualPortMappingMode", "fail"),
                Map.entry("pref.ManualPortMappingPort", "fail"), Map.entry("pref.customConnections", "pass"),
                Map.entry("pref.secureConnections", "pass"), Map.entry("pref.LanNetworksBandwidth", "pass"));
    }

    @Test
    void withoutAPublicUrlTheUrlPreferencesAreSkippedNotPassed() throws Exception {
        CliRun r = prefs(env("DOORMAN_PUBLIC_URL", null), "check", "--json");
        assertThat(statuses(r.out())).containsExactly(Map.entry("pref.RelayEnabled", "fail"),
                Map.entry("pref.ManualPortMappingMode", "fail"), Map.entry("pref.ManualPortMappingPort", "skip"),
                Map.entry("pref.customConnections", "skip"));
        assertThat(r.out()).contains("no public URL set");
    }

    @Test
    void theRunbooksTokenVariablesAreRead() {
        CliRun r = prefs(env("DOORMAN_OWNER_TOKEN", null, "IPTV_TUNERR_PMS_OWNER_TOKEN", OWNER), "check");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        r = prefs(env("DOORMAN_OWNER_TOKEN", null, "PLEX_OWNER_TOKEN", OWNER), "check");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
    }

    @Test
    void aSharedUsersTokenCannotRunAndSaysWhoseTokenIsNeeded() {
        CliRun r = prefs(env("DOORMAN_OWNER_TOKEN", SHARED), "check").failsWith(1);
        assertThat(r.err()).startsWith("doorman prefs check: PMS at " + pms.server().baseUri())
                .contains("shows this token none of RelayEnabled").contains("owner's token").contains("sha256:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTokenPmsDoesNotKnowCannotRun() {
        CliRun r = prefs(env("DOORMAN_OWNER_TOKEN", "strangerPREFSCMD3"), "enforce").failsWith(1)
                .showsNone("strangerPREFSCMD3");
        assertThat(r.err()).contains("owner's token");
        assertThat(pms.server().pref("RelayEnabled")).isEqualTo("true");
    }

    @Test
    void noTokenIsExitOneWithOneLine() {
        CliRun r = prefs(env("DOORMAN_OWNER_TOKEN", null), "enforce").failsWith(1);
        assertThat(r.err()).contains("needs the owner token").contains("DOORMAN_OWNER_TOKEN");
    }

    @Test
    void pmsDownIsExitOneWithOneLine() throws Exception {
        int freePort = FreePorts.next();
        CliRun r = CliRun.run(env(), cwd, "prefs", "check", "--pms-url", "http://127.0.0.1:" + freePort)
                .failsWith(1).showsNone(OWNER);
        assertThat(r.err()).contains("cannot reach PMS at http://127.0.0.1:" + freePort);
    }

    @Test
    void badUsageIsExitTwoWithOneLine() {
        for (List<String> args : List.of(List.of("prefs"), List.of("prefs", "frob"),
                List.of("prefs", "check", "--pms-url", "ftp://pms"),
                List.of("prefs", "check", "--public-url", "https://media.example.com/plex?X-Plex-Token=" + OWNER))) {
            CliRun r = CliRun.run(env(), cwd, args.toArray(String[]::new)).failsWith(2).showsNone(OWNER);
            assertThat(r.err()).as(args.toString()).startsWith("doorman");
        }
        assertThat(CliRun.run(env("DOORMAN_PREFS_OFF", "Nope"), cwd, "prefs", "check").failsWith(2).err())
                .contains("prefs-off").contains("Nope");
    }

    @Test
    void helpListsTheSharedFlags() {
        CliRun r = CliRun.run(Map.of(), cwd, "help", "prefs");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("check").contains("enforce");
        r = CliRun.run(Map.of(), cwd, "prefs", "check", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--pms-url").contains("--owner-token").contains("--public-url").contains("--json");
    }
}
