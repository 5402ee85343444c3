package io.doorman.prefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrefsDriftTest {

    private static final PrefsPolicy RUNBOOK = PrefsPolicy.runbook(PublicUrl.parse("https://media.example.com"));

    private static List<State> states(List<Finding> fs) {
        return fs.stream().map(Finding::state).toList();
    }

    @Test
    void theRunbookPolicyFollowsThePublicUrlsPort() {
        assertThat(RUNBOOK.prefs()).extracting(RequiredPref::id, RequiredPref::wireValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RelayEnabled", "0"),
                org.assertj.core.groups.Tuple.tuple("ManualPortMappingMode", "1"),
                org.assertj.core.groups.Tuple.tuple("ManualPortMappingPort", "443"),
                org.assertj.core.groups.Tuple.tuple("customConnections", "https://media.example.com:443"));
        assertThat(PrefsPolicy.runbook(PublicUrl.parse("https://m.example.net:8443")).prefs().get(2).wireValue())
                .isEqualTo("8443");
    }

    @Test
    void booleansMatchInEitherSpellingPmsUses() {
        Map<String, String> asNumbers = Map.of("RelayEnabled", "0", "ManualPortMappingMode", "1",
                "ManualPortMappingPort", "443", "customConnections", "https://media.example.com:443");
        Map<String, String> asWords = Map.of("RelayEnabled", "false", "ManualPortMappingMode", "True",
                "ManualPortMappingPort", " 443", "customConnections", "https://media.example.com:443");
        assertThat(states(PrefsDrift.compare(RUNBOOK, asNumbers))).containsOnly(State.OK);
        assertThat(states(PrefsDrift.compare(RUNBOOK, asWords))).containsOnly(State.OK);
        assertThat(PrefsDrift.repairQuery(PrefsDrift.compare(RUNBOOK, asWords))).isEmpty();
    }

    @Test
    void driftIsRepairedInOnePutAndAMissingPrefIsNotSent() {
        // A fresh server: Relay on, no manual port, and the URL without its port (Plex would try 32400).
        Map<String, String> fresh = Map.of("RelayEnabled", "1", "ManualPortMappingMode", "0",
                "customConnections", "https://media.example.com");
        List<Finding> fs = PrefsDrift.compare(RUNBOOK, fresh);
        assertThat(states(fs)).containsExactly(State.DRIFTED, State.DRIFTED, State.MISSING, State.DRIFTED);
        assertThat(fs.get(0).current()).isEqualTo("1");
        assertThat(fs.get(2).current()).isNull();
        assertThat(PrefsDrift.repairQuery(fs)).isEqualTo("RelayEnabled=0&ManualPortMappingMode=1"
                + "&customConnections=https%3A%2F%2Fmedia.example.com%3A443");
    }

    @Test
    void aValueThatIsNoValueOfItsTypeIsDriftNotAMatch() {
        List<Finding> fs = PrefsDrift.compare(RUNBOOK, Map.of("RelayEnabled", "maybe", "ManualPortMappingMode", "",
                "ManualPortMappingPort", "443.0", "customConnections", " https://media.example.com:443"));
        assertThat(states(fs)).containsOnly(State.DRIFTED);
    }

    @Test
    void defaultsCanBeTurnedOffAndExtrasAdded() {
        PrefsPolicy p = RUNBOOK.without("ManualPortMappingPort")
                .with(RequiredPref.integer("secureConnections", 1))
                .with(RequiredPref.bool("RelayEnabled", false));
        assertThat(p.prefs()).extracting(RequiredPref::id).containsExactly("RelayEnabled", "ManualPortMappingMode",
                "customConnections", "secureConnections");
        List<Finding> fs = PrefsDrift.compare(p, Map.of("RelayEnabled", "0", "ManualPortMappingMode", "1",
                "customConnections", "https://media.example.com:443", "secureConnections", "0",
                "ManualPortMappingPort", "32400"));
        assertThat(PrefsDrift.repairQuery(fs)).isEqualTo("secureConnections=1");
        assertThatThrownBy(() -> RUNBOOK.without("Nope")).hasMessageContaining("not in the policy")
                .hasMessageContaining("RelayEnabled");
        assertThatThrownBy(() -> RequiredPref.text("x y", "a b")).hasMessageContaining("no PMS preference id");
        assertThat(RequiredPref.bool("DisableTLSv1_0", true).id()).isEqualTo("DisableTLSv1_0");
        assertThatThrownBy(() -> new RequiredPref("RelayEnabled", RequiredPref.Type.BOOL, "yes"))
                .hasMessageContaining("not a valid bool value");
        assertThatThrownBy(() -> new PrefsPolicy(List.of(RequiredPref.bool("A", true), RequiredPref.bool("A", false))))
                .hasMessageContaining("required twice");
    }

    @Test
    void valuesAreEncodedAsAQueryPmsDecodes() {
        PrefsPolicy p = new PrefsPolicy(List.of(RequiredPref.text("FriendlyName", "Den & Co +1")));
        assertThat(PrefsDrift.repairQuery(PrefsDrift.compare(p, Map.of("FriendlyName", "x"))))
                .isEqualTo("FriendlyName=Den%20%26%20Co%20%2B1");
    }
}
