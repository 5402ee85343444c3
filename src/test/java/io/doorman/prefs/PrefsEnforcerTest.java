package io.doorman.prefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PmsClient;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.testkit.FakePmsWithOwner;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The enforcer against the fake PMS over real sockets. */
class PrefsEnforcerTest {

    private static final String OWNER = "ownerENFORCE1";
    private static final String SHARED = "sharedENFORCE2";
    private static final PrefsPolicy POLICY = PrefsPolicy.runbook(PublicUrl.parse("https://media.example.com"));

    @RegisterExtension
    final FakePmsWithOwner pms = new FakePmsWithOwner(OWNER, SHARED);

    private PrefsEnforcer enforcer(String token) {
        return new PrefsEnforcer(new PmsClient(pms.server().baseUri(), HttpClient.newHttpClient()), token,
                Duration.ofSeconds(5));
    }

    private long puts() {
        return pms.server().requests().stream().filter(r -> r.method().equals("PUT")).count();
    }

    @Test
    void driftIsRepairedInOnePutAndVerified() throws Exception {
        PrefsEnforcer.Result r = enforcer(OWNER).enforce(POLICY).get();
        assertThat(r.refused()).isEmpty();
        assertThat(r.inPolicy()).isTrue();
        assertThat(r.repaired()).extracting(f -> f.pref().id())
                .containsExactly("RelayEnabled", "ManualPortMappingMode", "ManualPortMappingPort");
        assertThat(r.before().get(0).current()).isEqualTo("true");
        assertThat(pms.server().pref("RelayEnabled")).isEqualTo("false");
        assertThat(pms.server().pref("ManualPortMappingPort")).isEqualTo("443");
        assertThat(puts()).isEqualTo(1);

        PrefsEnforcer.Result again = enforcer(OWNER).enforce(POLICY).get();
        assertThat(again.repaired()).isEmpty();
        assertThat(puts()).as("nothing drifted: nothing sent").isEqualTo(1);
    }

    @Test
    void aKeyPmsRefusesIsNamedOnceAndTheOthersStillTake() throws Exception {
        PrefsPolicy bad = POLICY.with(RequiredPref.text("ManualPortMappingPort", "not-a-port"));
        PrefsEnforcer.Result r = enforcer(OWNER).enforce(bad).get();
        assertThat(r.refused()).isEqualTo(Map.of("ManualPortMappingPort", 400));
        assertThat(r.inPolicy()).isFalse();
        assertThat(r.repaired()).extracting(f -> f.pref().id()).containsExactly("RelayEnabled", "ManualPortMappingMode");
        assertThat(pms.server().pref("RelayEnabled")).isEqualTo("false");
        assertThat(puts()).as("the whole PUT, then each drifted key once").isEqualTo(4);
    }

    @Test
    void aSharedUsersTokenChangesNothing() throws Exception {
        // PMS shows a shared user none of the owner's network settings: nothing to compare, nothing sent
        PrefsEnforcer.Result r = enforcer(SHARED).enforce(POLICY).get();
        assertThat(r.before()).extracting(Finding::state).containsOnly(State.MISSING);
        assertThat(r.refused()).isEmpty();
        assertThat(puts()).isZero();
        assertThat(pms.server().pref("RelayEnabled")).isEqualTo("true");
    }

    @Test
    void pmsDownFailsTheCheck() throws Exception {
        int port = pms.server().baseUri().getPort();
        pms.server().close();
        PrefsEnforcer down = new PrefsEnforcer(new PmsClient(java.net.URI.create("http://127.0.0.1:" + port),
                HttpClient.newHttpClient()), OWNER, Duration.ofSeconds(2));
        Assertions.assertThatThrownBy(() -> down.check(POLICY).get()).isInstanceOf(ExecutionException.class);
    }

    @Test
    void theChecksReadCurrentAndWantedValuesWhenBooleansAreDigits() throws Exception {
        pms.server().prefsNumericBooleans(true);
        List<Finding> fs = enforcer(OWNER).check(POLICY).get();
        assertThat(fs).extracting(f -> f.pref().id() + "=" + f.current() + "->" + f.pref().wireValue())
                .containsExactly("RelayEnabled=1->0", "ManualPortMappingMode=0->1", "ManualPortMappingPort=32400->443",
                        "customConnections=https://media.example.com:443->https://media.example.com:443");
        assertThat(puts()).isZero();
        assertThat(enforcer(OWNER).enforce(POLICY).get().inPolicy()).isTrue();
        assertThat(pms.server().pref("RelayEnabled")).isEqualTo("0");
    }
}
