package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A host is valid by construction, and every broken rule names its field. */
class PlexHostTest {

    private static final URI PMS = URI.create("http://127.0.0.1:32400");

    private static PlexHost withDomain(String domain) {
        return PlexHost.of("plex", List.of(domain), PMS);
    }

    @Test
    void theCustomUrlAlwaysWritesThePort() {
        assertThat(PlexHost.of("plex", List.of("media.example.com", "plex.example.org"), PMS).customUrl())
                .isEqualTo("https://media.example.com:443");
        PlexHost other = new PlexHost("plex", List.of("media.example.com"), 8443, PMS, false, FrontendKind.NGINX,
                PlexMode.DEFAULTS);
        assertThat(other.customUrl()).isEqualTo("https://media.example.com:8443");
    }

    @Test
    void defaultsAreTheRecommendedPlexMode() {
        PlexHost h = PlexHost.of("plex", List.of("media.example.com"), PMS);
        assertThat(h.port()).isEqualTo(443);
        assertThat(h.frontend()).isEqualTo(FrontendKind.CADDY);
        assertThat(h.plexMode().forwardClientIp()).isTrue();
        assertThat(h.plexMode().webSockets()).isTrue();
        assertThat(h.plexMode().liveTv()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"media.example.com", "plex.home", "localhost", "a-b.c1.example", "xn--bcher-kva.example"})
    void domainsThatAreServed(String domain) {
        assertThat(withDomain(domain).domains()).containsExactly(domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Media.Example.com", "*.example.com", "https://media.example.com", "media.example.com:443",
        "media..example.com", ".example.com", "example.com.", "-bad.example.com", "bad-.example.com", "me dia.example.com",
        "192.168.1.10", "media_example.com"})
    void domainsThatAreNot(String domain) {
        assertThatThrownBy(() -> withDomain(domain)).isInstanceOfSatisfying(InvalidHostException.class,
                e -> assertThat(e.field()).isEqualTo("domains"));
    }

    @Test
    void aLabelLongerThan63IsRefused() {
        assertThatThrownBy(() -> withDomain("a".repeat(64) + ".example.com")).hasMessageContaining("at most 63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Plex", "-plex", "plex_1", "plex.home", "a234567890123456789012345678901234567890123456789012345678901234"})
    void namesThatAreNot(String name) {
        assertThatThrownBy(() -> PlexHost.of(name, List.of("media.example.com"), PMS))
                .isInstanceOfSatisfying(InvalidHostException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void portsOutOfRange(int port) {
        assertThatThrownBy(() -> new PlexHost("plex", List.of("media.example.com"), port, PMS, false,
                FrontendKind.CADDY, PlexMode.DEFAULTS)).hasMessage("port: " + port + " is out of range 1-65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1:32400", "127.0.0.1:32400", "http://user:pw@127.0.0.1:32400",
        "http://127.0.0.1:32400/web", "http://127.0.0.1:32400/?X-Plex-Token=secret", "http:///x", ""})
    void upstreamsThatAreNotPmsUrls(String text) {
        assertThatThrownBy(() -> HostTree.upstream(text)).isInstanceOfSatisfying(InvalidHostException.class, e -> {
            assertThat(e.field()).isEqualTo("upstream");
            assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("pw@");
        });
    }

    @Test
    void anUpstreamLosesItsTrailingSlashAndMayBeHttps() {
        assertThat(HostTree.upstream("https://192-168-1-10.abc.plex.direct:32400/"))
                .isEqualTo(URI.create("https://192-168-1-10.abc.plex.direct:32400"));
    }

    @Test
    void skipVerifyOnlyForAnHttpsUpstream() {
        assertThatThrownBy(() -> new PlexHost("plex", List.of("media.example.com"), 443, PMS, true,
                FrontendKind.CADDY, PlexMode.DEFAULTS)).isInstanceOfSatisfying(InvalidHostException.class,
                        e -> assertThat(e.field()).isEqualTo("upstreamSkipVerify"));
    }

    @Test
    void aDomainListedTwiceOrAlsoAnAliasIsRefused() {
        assertThatThrownBy(() -> PlexHost.of("plex", List.of("a.example.com", "a.example.com"), PMS))
                .hasMessageContaining("listed twice");
        PlexMode alias = new PlexMode(true, true, false, List.of("a.example.com"), false);
        assertThatThrownBy(() -> new PlexHost("plex", List.of("a.example.com"), 443, PMS, false, FrontendKind.CADDY,
                alias)).isInstanceOfSatisfying(InvalidHostException.class,
                        e -> assertThat(e.field()).isEqualTo("lanAliases"));
    }

    @Test
    void noTwoHostsShareANameOrAPublicName() {
        PlexHost a = PlexHost.of("a", List.of("a.example.com"), PMS);
        Hosts hosts = new Hosts(List.of(a));
        assertThatThrownBy(() -> hosts.with(PlexHost.of("b", List.of("a.example.com"), PMS)))
                .hasMessage("domains: a.example.com already belongs to host 'a'");
        PlexMode alias = new PlexMode(true, true, false, List.of("a.example.com"), false);
        assertThatThrownBy(() -> hosts.with(new PlexHost("c", List.of("c.example.com"), 443, PMS, false,
                FrontendKind.CADDY, alias))).isInstanceOfSatisfying(InvalidHostException.class,
                        e -> assertThat(e.field()).isEqualTo("lanAliases"));
        assertThatThrownBy(() -> new Hosts(List.of(a, a))).hasMessageContaining("defined twice");
    }

    @Test
    void withReplacesInPlaceAndWithoutRemoves() {
        PlexHost a = PlexHost.of("a", List.of("a.example.com"), PMS);
        PlexHost b = PlexHost.of("b", List.of("b.example.com"), PMS);
        PlexHost a2 = PlexHost.of("a", List.of("new.example.com"), PMS);
        Hosts hosts = Hosts.NONE.with(a).with(b).with(a2);
        assertThat(hosts.all()).containsExactly(a2, b);
        assertThat(hosts.without("a").all()).containsExactly(b);
        assertThat(hosts.without("zzz")).isEqualTo(hosts);
    }

    @Test
    void unknownFrontendKindListsTheKnownOnes() {
        assertThatThrownBy(() -> FrontendKind.parse("apache"))
                .hasMessage("frontend: 'apache' is not a frontend kind (caddy, nginx, traefik, cloudflared, tailscale)");
        assertThat(FrontendKind.parse(" NGINX ")).isEqualTo(FrontendKind.NGINX);
    }
}
