package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FakePmsBehindDoorman;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.LiveTvAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman validate} in-process and as a child JVM, through the real proxy in front of a fake PMS. */
class ValidateCommandTest {

    static final String OWNER = "ownerTOKENvalidatecmd1";
    static final String USER = "userTOKENvalidatecmd2";

    @TempDir
    Path cwd;

    @RegisterExtension
    final FakePmsBehindDoorman doorman = new FakePmsBehindDoorman(OWNER, Mode.ELEVATE_LIVE_TV);

    @BeforeEach
    void shareWithTheUser() {
        doorman.pms().sharedUser(USER, Set.of("2"));
        doorman.pms().liveTvAccess(LiveTvAccess.SHARED_USER_FORBIDDEN);
    }

    String port() {
        return Integer.toString(doorman.proxy().address().getPort());
    }

    CliRun validate(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("validate"));
        all.addAll(List.of(args));
        return CliRun.run(env, cwd, all.toArray(String[]::new)).showsNone(OWNER, USER);
    }

    @Test
    void everyCheckPassesWithTheUserTokenFromTheEnvAndABarePort() throws Exception {
        CliRun r = validate(Map.of("DOORMAN_OWNER_TOKEN", OWNER, "DOORMAN_USER_TOKEN", USER), "--proxy-url", port(),
                "--pms-url", doorman.pms().baseUri().toString(), "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("command").asText()).isEqualTo("validate");
        assertThat(json.get("ok").asBoolean()).isTrue();
        List<String> statuses = new ArrayList<>();
        json.get("checks").forEach(c -> statuses.add(c.get("id").asText() + "=" + c.get("status").asText()));
        assertThat(statuses).hasSize(11).allMatch(s -> s.endsWith("=pass"));
    }

    @Test
    void aFailedCheckExitsThreeAndPrintsTheTable() {
        doorman.pms().liveTvAccess(LiveTvAccess.OPEN);
        CliRun r = validate(Map.of(), "--proxy-url", "http://127.0.0.1:" + port(), "--owner-token", OWNER,
                "--user-token", USER, "--pms-url", doorman.pms().baseUri().toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).containsPattern("FAIL +proxy\\.no-token\\.livetv ").contains("fix: ")
                .containsPattern("validate: \\d+ failed");
    }

    @Test
    void withoutAProxyUrlOrPublicUrlItGoesToTheListenAddress() {
        CliRun r = validate(Map.of("DOORMAN_OWNER_TOKEN", OWNER, "DOORMAN_LISTEN", "0.0.0.0:" + port()));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("PASS +proxy\\.doorman ");
    }

    @Test
    void withoutAUserTokenTheUserChecksAreSkipped() {
        CliRun r = validate(Map.of("DOORMAN_OWNER_TOKEN", OWNER), "--proxy-url", port());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("SKIP +user\\.livetv ").contains("3 skipped");
    }

    @Test
    void noOwnerTokenExitsOneWithOneLine() {
        CliRun r = validate(Map.of("DOORMAN_USER_TOKEN", USER), "--proxy-url", port()).failsWith(1);
        assertThat(r.err()).startsWith("doorman validate: needs the owner token");
    }

    @Test
    void anUnreachableProxyExitsOneWithOneLine() throws Exception {
        int closed = FreePorts.next();
        CliRun r = validate(Map.of("DOORMAN_OWNER_TOKEN", OWNER), "--proxy-url", Integer.toString(closed))
                .failsWith(1);
        assertThat(r.err()).startsWith("doorman validate: the proxy at http://127.0.0.1:" + closed
                + " does not answer: cannot connect");
    }

    @Test
    void aRefusedOwnerTokenExitsOneWithItsFingerprint() {
        CliRun r = validate(Map.of("DOORMAN_OWNER_TOKEN", "wrongTOKENcmd3"), "--proxy-url", port()).failsWith(1);
        assertThat(r.err()).contains("HTTP 401", "sha256:").doesNotContain("wrongTOKENcmd3");
    }

    @Test
    void aMalformedProxyUrlExitsTwoWithOneLine() {
        for (String bad : List.of("ftp://x", "http://", "70000", "not a url")) {
            CliRun r = validate(Map.of("DOORMAN_OWNER_TOKEN", OWNER), "--proxy-url", bad).failsWith(2);
            assertThat(r.err()).as(bad).startsWith("doorman validate: --proxy-url: ");
        }
    }

    @Test
    void theRealCommandInAChildJvmExitsZeroAndPrintsNoToken() throws Exception {
        ProcessBuilder pb = ChildJvm.builder(cwd, List.of("validate", "--proxy-url", port(), "--pms-url",
                doorman.pms().baseUri().toString()));
        pb.environment().put("DOORMAN_OWNER_TOKEN", OWNER);
        pb.environment().put("DOORMAN_USER_TOKEN", USER);
        ChildJvm.Outcome o = ChildJvm.run(pb);
        String output = o.out() + o.err();
        assertThat(o.code()).as(output).isZero();
        assertThat(output).contains("PASS  direct.user.livetv-hidden", "validate: ok")
                .doesNotContain(OWNER).doesNotContain(USER);
    }
}
