package io.doorman.prefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsPrefs;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.testkit.FakePms;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy's pieces over real sockets: read PMS's prefs, find the drift, repair it in one PUT, read again. */
class PrefsRepairAgainstFakePmsTest {

    private static final String OWNER = "ownerPREFSREPAIR1";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final PrefsPolicy POLICY = PrefsPolicy.runbook(PublicUrl.parse("https://media.example.com"));

    private static Map<String, String> read(PmsClient client) throws Exception {
        return PmsPrefs.parse(client.body(PmsClient.withTokenQuery("/:/prefs", OWNER), "application/xml", WAIT,
                1 << 20).get());
    }

    private static void repairsAFreshServer(boolean numericBooleans) throws Exception {
        try (FakePms pms = FakePms.start()) {
            pms.addToken(OWNER);
            pms.ownerToken(OWNER);
            pms.prefsNumericBooleans(numericBooleans);
            PmsClient client = new PmsClient(pms.baseUri(), HttpClient.newHttpClient());

            List<Finding> before = PrefsDrift.compare(POLICY, read(client));
            assertThat(before).extracting(Finding::state)
                    .containsExactly(State.DRIFTED, State.DRIFTED, State.DRIFTED, State.OK);
            String query = PrefsDrift.repairQuery(before);
            int status = client.status("PUT", "/:/prefs?" + query + "&X-Plex-Token="
                    + URLEncoder.encode(OWNER, StandardCharsets.UTF_8), List.of(), WAIT).get();
            assertThat(status).isEqualTo(200);

            assertThat(PrefsDrift.compare(POLICY, read(client))).extracting(Finding::state).containsOnly(State.OK);
            assertThat(pms.requests()).filteredOn(r -> r.method().equals("PUT")).hasSize(1);
        }
    }

    @Test
    void aFreshServerIsRepairedInOnePutWhenBooleansAreWords() throws Exception {
        repairsAFreshServer(false);
    }

    @Test
    void aFreshServerIsRepairedInOnePutWhenBooleansAreDigits() throws Exception {
        repairsAFreshServer(true);
    }
}
