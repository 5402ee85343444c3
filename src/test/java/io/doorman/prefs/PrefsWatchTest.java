package io.doorman.prefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PmsClient;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.testkit.FakePmsWithOwner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One run of serve's enforcer at a time ({@code runOnce}), against the fake PMS over real sockets. */
class PrefsWatchTest {

    private static final String OWNER = "ownerWATCH1";
    private static final PrefsPolicy POLICY = PrefsPolicy.runbook(PublicUrl.parse("https://media.example.com"));

    @RegisterExtension
    final FakePmsWithOwner pms = new FakePmsWithOwner(OWNER);

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private PrefsWatch watch(URI base, String token) {
        PrefsEnforcer enforcer = new PrefsEnforcer(new PmsClient(base, HttpClient.newHttpClient()), token,
                Duration.ofSeconds(5));
        return new PrefsWatch(enforcer, POLICY, Duration.ofMinutes(5), lines::add, warnings::add,
                t -> "PMS is down (" + t.getClass().getSimpleName() + ")", registry);
    }

    private double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    private double inPolicy() {
        return registry.get("doorman.prefs.in.policy").gauge().value();
    }

    @Test
    void driftIsRepairedPrintedOneLinePerPreferenceAndCounted() {
        try (PrefsWatch w = watch(pms.server().baseUri(), OWNER)) {
            w.runOnce();
            assertThat(lines).containsExactly("prefs_drift: id=RelayEnabled was=true now=false",
                    "prefs_drift: id=ManualPortMappingMode was=false now=true",
                    "prefs_drift: id=ManualPortMappingPort was=32400 now=443");
            assertThat(pms.server().pref("RelayEnabled")).isEqualTo("false");
            assertThat(inPolicy()).isEqualTo(1);
            assertThat(counter("doorman.prefs.runs", "outcome", "repaired")).isEqualTo(1);

            lines.clear();
            w.runOnce();
            assertThat(lines).isEmpty();
            assertThat(counter("doorman.prefs.runs", "outcome", "in_policy")).isEqualTo(1);

            pms.server().prefsNumericBooleans(true);
            pms.server().pref("RelayEnabled", "1"); // a Plex update turned Relay back on
            w.runOnce();
            assertThat(lines).containsExactly("prefs_drift: id=RelayEnabled was=1 now=0");
            assertThat(counter("doorman.prefs.drift", "id", "RelayEnabled")).isEqualTo(2);
            assertThat(counter("doorman.prefs.drift", "id", "customConnections")).isZero();
            assertThat(warnings).isEmpty();
            assertThat(String.join("\n", lines)).doesNotContain(OWNER);
        }
    }

    @Test
    void pmsDownIsAWarningEveryIntervalAndTheNextRunRepairs() {
        int port = pms.server().port();
        pms.server().close();
        try (PrefsWatch w = watch(URI.create("http://127.0.0.1:" + port), OWNER)) {
            w.runOnce();
            w.runOnce();
            assertThat(warnings).hasSize(2).allMatch(l -> l.startsWith("warning: prefs: PMS is down")
                    && l.endsWith("; retrying in 5m0s"));
            assertThat(counter("doorman.prefs.runs", "outcome", "error")).isEqualTo(2);
            assertThat(inPolicy()).isZero();
            assertThat(lines).isEmpty();
        }
    }

    @Test
    void aTokenThatSeesNoneOfThePolicyWarnsOnceAndSendsNothing() {
        pms.server().addToken("sharedWATCH2");
        try (PrefsWatch w = watch(pms.server().baseUri(), "sharedWATCH2")) {
            w.runOnce();
            w.runOnce();
            assertThat(warnings).containsExactly("warning: prefs: PMS shows the owner token none of RelayEnabled,"
                    + " ManualPortMappingMode, ManualPortMappingPort, customConnections; is it the server owner's token?");
            assertThat(pms.server().requests()).noneMatch(r -> r.method().equals("PUT"));
            assertThat(counter("doorman.prefs.runs", "outcome", "not_owner")).isEqualTo(2);
            assertThat(String.join("\n", warnings)).doesNotContain("sharedWATCH2");
        }
    }

    @Test
    void refusedAndIgnoredRepairsAreMarkedOnTheirLine() {
        RequiredPref relay = RequiredPref.bool("RelayEnabled", false);
        RequiredPref url = RequiredPref.text("customConnections", "https://a.example:443");
        RequiredPref port = RequiredPref.integer("ManualPortMappingPort", 443);
        PrefsEnforcer.Result r = new PrefsEnforcer.Result(
                List.of(new Finding(relay, "1", State.DRIFTED), new Finding(url, "", State.DRIFTED),
                        new Finding(port, "443", State.OK)),
                List.of(new Finding(relay, "1", State.DRIFTED), new Finding(url, "", State.DRIFTED),
                        new Finding(port, "443", State.OK)),
                Map.of("RelayEnabled", 403));
        assertThat(PrefsWatch.driftLines(r)).containsExactly("prefs_drift: id=RelayEnabled was=1 now=1 refused=403",
                "prefs_drift: id=customConnections was=\"\" now=\"\" repaired=false");
    }
}
