package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.FakePms;
import io.doorman.testkit.RecordedRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Doorman's own calls as PMS sees them on the wire. */
class PmsClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aClientThatWouldUpgradeStillSendsPlainHttp11() throws Exception {
        try (FakePms pms = FakePms.start()) {
            pms.addToken("tokenPMSCLIENT1");
            // The JDK default client asks for h2c on a first http:// request; the requests themselves must not.
            PmsClient client = new PmsClient(pms.baseUri(), HttpClient.newHttpClient());
            assertThat(client.status("GET", PmsClient.withTokenQuery("/library/sections", "tokenPMSCLIENT1"), List.of(),
                    WAIT).get()).isEqualTo(200);
            assertThat(client.body("/identity", "application/xml", WAIT, 64 * 1024).get()).isNotEmpty();
            assertThat(pms.requests()).hasSize(2).allSatisfy(PmsClientTest::isPlainHttp11);
        }
    }

    @Test
    void theClientBuiltFromSettingsSendsPlainHttp11() throws Exception {
        try (FakePms pms = FakePms.start()) {
            PmsClient client = PmsClient.forSettings(new io.doorman.config.Settings.Builder().upstream(pms.baseUri())
                    .build());
            assertThat(client.status("GET", "/identity", List.of(), WAIT).get()).isEqualTo(200);
            assertThat(pms.requests()).hasSize(1).allSatisfy(PmsClientTest::isPlainHttp11);
        }
    }

    private static void isPlainHttp11(RecordedRequest r) {
        assertThat(r.version()).as("version of %s", r).isEqualTo("HTTP/1.1");
        assertThat(r.asksToUpgrade()).as("%s asks to upgrade", r).isFalse();
    }
}
