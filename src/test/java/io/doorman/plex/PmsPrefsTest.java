package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.testkit.FakePms;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PmsPrefsTest {

    private static Map<String, String> parse(String body) throws IOException {
        return PmsPrefs.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void xmlSettingsGiveTheirValuesAsSentInEitherBooleanSpelling() throws Exception {
        Map<String, String> p = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer size=\"4\">"
                + "<Setting id=\"RelayEnabled\" label=\"Enable Relay\" type=\"bool\" default=\"1\" value=\"0\" />"
                + "<Setting id=\"ManualPortMappingMode\" type=\"bool\" default=\"false\" value=\"true\" hidden=\"1\"/>"
                + "<Setting id=\"customConnections\" type=\"text\" default=\"\" value=\"https://media.example.com:443\"/>"
                + "<Setting id=\"FriendlyName\" type=\"text\" default=\"\"/></MediaContainer>");
        assertThat(p).containsExactly(Map.entry("RelayEnabled", "0"), Map.entry("ManualPortMappingMode", "true"),
                Map.entry("customConnections", "https://media.example.com:443"), Map.entry("FriendlyName", ""));
    }

    @Test
    void jsonSettingsKeepTheirTypedValuesAsText() throws Exception {
        Map<String, String> p = parse("{\"MediaContainer\":{\"size\":3,\"Setting\":[{\"id\":\"RelayEnabled\","
                + "\"type\":\"bool\",\"default\":true,\"value\":false},{\"id\":\"ManualPortMappingPort\",\"type\":\"int\","
                + "\"value\":443},{\"id\":\"customConnections\",\"value\":\"https://m.example.com:443\"}]}}");
        assertThat(p).containsExactly(Map.entry("RelayEnabled", "false"), Map.entry("ManualPortMappingPort", "443"),
                Map.entry("customConnections", "https://m.example.com:443"));
    }

    @Test
    void aBrokenAnswerIsAnErrorThatNeverQuotesTheBody() {
        assertThatThrownBy(() -> parse("<MediaContainer><Setting id=\"customCertificateKey\" value=\"s3cret\""))
                .isInstanceOf(IOException.class).hasMessageStartingWith("PMS prefs answer is not well-formed XML")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("{\"MediaContainer\": [s3cret")).hasMessage("PMS prefs answer is not valid JSON");
        assertThatThrownBy(() -> parse("<html>s3cret</html>")).hasMessage("PMS prefs answer has no MediaContainer");
        assertThatThrownBy(() -> parse("{\"errors\":[]}")).hasMessage("PMS prefs answer has no MediaContainer");
    }

    @Test
    void aDocumentTypeIsNeverExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<MediaContainer><Setting id=\"FriendlyName\" value=\"&x;\"/></MediaContainer>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(IOException.class);
    }

    @Test
    void theFakeServersPrefsReadThroughPmsClient() throws Exception {
        try (FakePms pms = FakePms.start()) {
            pms.addToken("ownerPREFS1");
            pms.ownerToken("ownerPREFS1");
            PmsClient client = new PmsClient(pms.baseUri(), HttpClient.newHttpClient());
            byte[] xml = client.body(PmsClient.withTokenQuery("/:/prefs", "ownerPREFS1"), "application/xml",
                    Duration.ofSeconds(5), 1 << 20).get();
            byte[] json = client.body(PmsClient.withTokenQuery("/:/prefs", "ownerPREFS1"), "application/json",
                    Duration.ofSeconds(5), 1 << 20).get();
            Map<String, String> fromXml = PmsPrefs.parse(xml);
            assertThat(fromXml).containsKey("allowTuners").isNotEmpty();
            assertThat(PmsPrefs.parse(json).keySet()).isEqualTo(fromXml.keySet());
        }
    }
}
