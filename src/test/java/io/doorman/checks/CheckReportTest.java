package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.checks.CheckReport.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReportTest {

    private static final CheckReport MIXED = new CheckReport("prefs check", List.of(
            Check.pass("RelayEnabled", "0 (wanted 0)"),
            Check.fail("customConnections", "https://media.example.com (wanted https://media.example.com:443)",
                    "doorman prefs enforce"),
            Check.warn("secureConnections", "Required: clients without TLS cannot connect", "set it to Preferred"),
            Check.skip("plex.tv", "plex.tv unreachable")));

    @Test
    void jsonHasTheSharedShapeAndFixOnlyWhereThereIsOne() throws Exception {
        JsonNode j = new ObjectMapper().readTree(MIXED.json());
        assertThat(j.get("command").asText()).isEqualTo("prefs check");
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("checks")).hasSize(4);
        assertThat(j.get("checks").get(0).has("fix")).isFalse();
        assertThat(j.get("checks").get(1).get("status").asText()).isEqualTo("fail");
        assertThat(j.get("checks").get(1).get("fix").asText()).isEqualTo("doorman prefs enforce");
        assertThat(j.get("checks").get(3).get("status").asText()).isEqualTo("skip");
        assertThat(j.get("checks").get(3).get("summary").asText()).isEqualTo("plex.tv unreachable");
    }

    @Test
    void exitCodesAreThreeOnAFailureAndZeroWithOnlyWarningsAndSkips() {
        assertThat(MIXED.exitCode()).isEqualTo(3);
        CheckReport warned = new CheckReport("doctor", List.of(Check.pass("a", "fine"), Check.warn("b", "meh", "x"),
                Check.skip("c", "no public URL set")));
        assertThat(warned.ok()).isTrue();
        assertThat(warned.exitCode()).isZero();
    }

    @Test
    void theTableAlignsColumnsAndEndsWithAVerdict() {
        String nl = System.lineSeparator();
        assertThat(MIXED.table()).isEqualTo(
                "PASS  RelayEnabled       0 (wanted 0)" + nl
                + "FAIL  customConnections  https://media.example.com (wanted https://media.example.com:443)" + nl
                + "                         fix: doorman prefs enforce" + nl
                + "WARN  secureConnections  Required: clients without TLS cannot connect" + nl
                + "                         fix: set it to Preferred" + nl
                + "SKIP  plex.tv            plex.tv unreachable" + nl
                + "prefs check: 1 failed, 1 warning, 1 skipped" + nl);
        assertThat(new CheckReport("health", List.of(Check.pass("origin", "200"))).table())
                .endsWith("health: ok" + nl);
    }
}
