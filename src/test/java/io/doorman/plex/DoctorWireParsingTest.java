package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only Plex answers the doctor parses: identity, sessions, plex.tv resources, Doorman's /clients. */
class DoctorWireParsingTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void identity() throws IOException {
        PmsIdentity id = PmsIdentity.parse(utf8("<?xml version=\"1.0\"?><MediaContainer size=\"0\" claimed=\"0\""
                + " machineIdentifier=\"abc\" version=\"1.41.6.9685-d301f511a\"/>"));
        assertThat(id).isEqualTo(new PmsIdentity("abc", "1.41.6.9685-d301f511a", false));
        assertThatThrownBy(() -> PmsIdentity.parse(utf8("<html>secret-token</html>")))
                .isInstanceOf(IOException.class).hasMessageNotContaining("secret-token");
    }

    @Test
    void sessionsAsTheSpecShowsThem() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <MediaContainer size="2">
                  <Video sessionKey="12" type="episode" title="Pilot" grandparentTitle="Example Show">
                    <Media id="901"><Part id="902" decision="transcode"/></Media>
                    <User id="1" title="owner"/>
                    <Player address="::ffff:203.0.113.45" machineIdentifier="c0ffee00-ios" product="Plex for iOS"
                            title="Alice iPhone" local="0" relayed="0" secure="1"/>
                    <Session id="q1" bandwidth="9200" location="wan"/>
                  </Video>
                  <Track sessionKey="13" type="track" title="Song">
                    <User id="5" title="friend"/>
                    <Player address="192.168.1.40" machineIdentifier="web-abc" product="Plex Web" local="1" relayed="1"/>
                  </Track>
                </MediaContainer>
                """;
        List<PmsSession> s = PmsSessions.parse(utf8(xml));
        assertThat(s).containsExactly(
                new PmsSession("Example Show - Pilot", "owner", "Alice iPhone", "c0ffee00-ios", "203.0.113.45", false,
                        false, "wan", true, 9200),
                new PmsSession("Song", "friend", "Plex Web", "web-abc", "192.168.1.40", true, true, "lan", null, null));
        assertThat(PmsSessions.parse(utf8("<MediaContainer size=\"0\"/>"))).isEmpty();
        assertThatThrownBy(() -> PmsSessions.parse(utf8("<MediaContainer"))).isInstanceOf(IOException.class);
    }

    @Test
    void resourcesAndClients() throws IOException {
        List<PlexTvResource> r = PlexTvResources.parse(utf8("[{\"name\":\"s\",\"clientIdentifier\":\"m\","
                + "\"accessToken\":\"tok-xyz\",\"connections\":[{\"protocol\":\"https\",\"address\":\"1.2.3.4\","
                + "\"port\":443,\"uri\":\"https://1-2-3-4.h.plex.direct:443\",\"local\":false,\"relay\":\"1\"}]}]"));
        assertThat(r.getFirst().connections().getFirst().relay()).isTrue();
        assertThat(r.toString()).doesNotContain("tok-xyz");
        assertThatThrownBy(() -> PlexTvResources.parse(utf8("{\"errors\":[]}"))).hasMessageContaining("not a JSON array");
        assertThat(DoormanClients.parse(utf8("{\"clients\":[{\"clientIdentifier\":\"c0ffee00-ios\",\"address\":"
                + "\"203.0.113.45\",\"lan\":false,\"lastSeen\":\"2026-12-03T17:00:00Z\"}]}")))
                .containsExactly(new DoormanClients.Client("c0ffee00-ios", "203.0.113.45", false, "2026-12-03T17:00:00Z"));
        assertThatThrownBy(() -> DoormanClients.parse(utf8("[]"))).isInstanceOf(IOException.class);
    }
}
