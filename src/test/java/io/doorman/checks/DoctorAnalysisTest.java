package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.plex.DoormanClients.Client;
import io.doorman.plex.PlexTvResource;
import io.doorman.plex.PlexTvResource.Connection;
import io.doorman.plex.PmsSession;
import io.doorman.prefs.PublicUrl;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The doctor's pure reasoning, without sockets. */
class DoctorAnalysisTest {

    private static final HostPort LOOPBACK_LISTEN = new HostPort("127.0.0.1", 33240);

    private static Map<String, Check> localRemote(String source, Map<String, String> prefs, List<Cidr> doormanLan) {
        return DoctorTest.byId(new LocalRemoteAnalysis(NetworkKind.literal(source), LOOPBACK_LISTEN, Cidr.LOOPBACK,
                doormanLan, prefs).checks());
    }

    @Test
    void aPublicHopToPmsFails() {
        Check hop = localRemote("198.51.100.7", Map.of(), List.of()).get(LocalRemoteAnalysis.HOP);
        assertThat(hop.status()).isEqualTo(Status.FAIL);
        assertThat(hop.summary()).contains("ignores X-Forwarded-For");
    }

    @Test
    void aLanHopPassesAndATailnetHopWarns() {
        assertThat(localRemote("192.168.1.5", Map.of(), List.of()).get(LocalRemoteAnalysis.HOP).status())
                .isEqualTo(Status.PASS);
        assertThat(localRemote("100.101.102.103", Map.of(), List.of()).get(LocalRemoteAnalysis.HOP).status())
                .isEqualTo(Status.WARN);
    }

    @Test
    void lanNetworksInNetmaskFormCoverTheHop() {
        Map<String, Check> m = localRemote("192.168.1.5", Map.of("LanNetworksBandwidth", "192.168.1.0/255.255.255.0"),
                List.of());
        assertThat(m.get(LocalRemoteAnalysis.LAN_AS_REMOTE).status()).isEqualTo(Status.PASS);
        Map<String, Check> other = localRemote("172.18.0.5", Map.of("LanNetworksBandwidth", "192.168.1.0/24"), List.of());
        assertThat(other.get(LocalRemoteAnalysis.LAN_AS_REMOTE).status()).isEqualTo(Status.WARN);
        assertThat(other.get(LocalRemoteAnalysis.LAN_AS_REMOTE).fix()).contains("172.18.0.5");
    }

    @Test
    void tailscaleIsRemoteUnlessListedAndDoormanDisagreementWarns() {
        Map<String, Check> agree = localRemote("127.0.0.1", Map.of(), List.of());
        assertThat(agree.get(LocalRemoteAnalysis.TAILSCALE).status()).isEqualTo(Status.PASS);
        assertThat(agree.get(LocalRemoteAnalysis.TAILSCALE).summary()).contains("Remote");
        assertThat(localRemote("127.0.0.1", Map.of(), Cidr.DEFAULT_LAN).get(LocalRemoteAnalysis.TAILSCALE).status())
                .isEqualTo(Status.WARN);
        assertThat(localRemote("127.0.0.1", Map.of("LanNetworksBandwidth", "100.64.0.0/255.192.0.0"), Cidr.DEFAULT_LAN)
                .get(LocalRemoteAnalysis.TAILSCALE).summary()).contains("count as Local");
    }

    @Test
    void unreadableLanEntriesWarn() {
        assertThat(localRemote("127.0.0.1", Map.of("LanNetworksBandwidth", "192.168.1.0/255.0.255.0"), List.of())
                .get(LocalRemoteAnalysis.REMOTE_AS_LOCAL).status()).isEqualTo(Status.WARN);
    }

    @Test
    void anEmptyTrustListBehindAnAllInterfacesListenerPasses() {
        Check c = new LocalRemoteAnalysis(InetAddress.getLoopbackAddress(), new HostPort("0.0.0.0", 33240), List.of(),
                List.of(), Map.of()).checks().get(1);
        assertThat(c.id()).isEqualTo(LocalRemoteAnalysis.FORWARDED);
        assertThat(c.status()).isEqualTo(Status.PASS);
        Check all = new LocalRemoteAnalysis(InetAddress.getLoopbackAddress(), LOOPBACK_LISTEN,
                Cidr.parseList("0.0.0.0/0"), List.of(), Map.of()).checks().get(1);
        assertThat(all.status()).isEqualTo(Status.WARN);
    }

    @Test
    void aPlexDirectNamedOnlyByItsDashedLabelIsStillABypass() {
        assertThat(ResourceFindings.isPublicPlexDirect(new Connection("https", "", 443,
                "https://2-2-2-2.0123abcd.plex.direct:443", false, false))).isTrue();
        assertThat(ResourceFindings.isPublicPlexDirect(new Connection("https", "", 32400,
                "https://10-0-0-3.0123abcd.plex.direct:32400", false, false))).isFalse();
        assertThat(ResourceFindings.isPublicPlexDirect(new Connection("https", "media.example.com", 443,
                "https://media.example.com:443", false, false))).isFalse();
    }

    @Test
    void customUrlWithoutATrailingPortMatchesItsDefault() {
        PlexTvResource r = new PlexTvResource("s", "m", "server", "", List.of(new Connection("https",
                "media.example.com", 443, "https://media.example.com:443/", false, false)));
        List<Check> checks = ResourceFindings.checks(List.of(r), "m", PublicUrl.parse("https://media.example.com"));
        assertThat(DoctorTest.byId(checks).get(ResourceFindings.CUSTOM_URL).status()).isEqualTo(Status.PASS);
        assertThat(DoctorTest.byId(ResourceFindings.checks(List.of(r), "m", null)).get(ResourceFindings.CUSTOM_URL)
                .status()).isEqualTo(Status.SKIP);
    }

    @Test
    void aLanClientPmsCountsRemoteWarnsAndUnseenPlayersAreNotCompared() {
        PmsSession wan = new PmsSession("Pilot", "owner", "Alice iPhone", "ios-1", "192.168.1.40", false, false, "wan",
                null, null);
        PmsSession other = new PmsSession("Song", "friend", "Chrome", "web-1", "198.51.100.7", false, false, "wan",
                null, null);
        Map<String, Check> m = DoctorTest.byId(SessionFindings.checks(List.of(wan, other),
                List.of(new Client("ios-1", "192.168.1.40", true, "")), null));
        assertThat(m.get(SessionFindings.VS_DOORMAN).status()).isEqualTo(Status.WARN);
        assertThat(m.get(SessionFindings.VS_DOORMAN).summary()).contains("not seen by Doorman").contains("Chrome");
        Map<String, Check> none = DoctorTest.byId(SessionFindings.checks(List.of(other), List.of(), null));
        assertThat(none.get(SessionFindings.VS_DOORMAN).status()).isEqualTo(Status.SKIP);
    }

    @Test
    void portMappingRules() {
        PublicUrl url = PublicUrl.parse("https://media.example.com");
        assertThat(DoctorPrefsAdvice.portMapping(true, Map.of("ManualPortMappingMode", "1",
                "ManualPortMappingPort", "443"), url).status()).isEqualTo(Status.WARN);
        assertThat(DoctorPrefsAdvice.portMapping(true, Map.of("ManualPortMappingMode", "1",
                "ManualPortMappingPort", "32400"), url).status()).isEqualTo(Status.FAIL);
        assertThat(DoctorPrefsAdvice.portMapping(false, Map.of("LastAutomaticMappedPort", "45123"), url).summary())
                .contains("45123");
        assertThat(DoctorPrefsAdvice.secureConnections("2").status()).isEqualTo(Status.WARN);
        assertThat(DoctorPrefsAdvice.customUrl("https://media.example.com:443,http://203.0.113.1:32400", url).status())
                .isEqualTo(Status.WARN);
    }
}
