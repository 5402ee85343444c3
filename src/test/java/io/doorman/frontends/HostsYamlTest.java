package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** hosts.yaml as text: written whole and readable by people, read with every error placed on its line. */
class HostsYamlTest {

    private static final String NAME = "hosts.yaml";

    private static Hosts parse(String text) throws HostsFileException {
        return HostsYaml.parse(text, NAME);
    }

    @Test
    void whatIsRenderedReadsBackTheSame() throws Exception {
        Hosts hosts = new Hosts(List.of(
                PlexHost.of("living-room", List.of("media.example.com", "plex.example.org"),
                        URI.create("http://127.0.0.1:32400")),
                new PlexHost("cabin", List.of("cabin.example.com"), 8443,
                        URI.create("https://10-0-0-5.abc.plex.direct:32400"), true, FrontendKind.NGINX,
                        new PlexMode(false, false, true, List.of("plex.home", "cabin.home"), true))));
        String text = HostsYaml.render(hosts);
        assertThat(text).startsWith("# Doorman's Plex Mode hosts.").contains("customUrl: https://media.example.com:443")
                .doesNotContain("---");
        assertThat(parse(text)).isEqualTo(hosts);
    }

    @Test
    void aShortEntryTakesTheDefaults() throws Exception {
        Hosts hosts = parse("""
                hosts:
                  - name: plex
                    domains: media.example.com
                    upstream: http://127.0.0.1:32400/
                """);
        assertThat(hosts.all()).containsExactly(PlexHost.of("plex", List.of("media.example.com"),
                URI.create("http://127.0.0.1:32400")));
    }

    @Test
    void anEmptyFileOrEmptyListIsNoHosts() throws Exception {
        assertThat(parse("")).isEqualTo(Hosts.NONE);
        assertThat(parse("# nothing yet\n")).isEqualTo(Hosts.NONE);
        assertThat(parse("hosts:\n")).isEqualTo(Hosts.NONE);
        assertThat(parse("hosts: []\n")).isEqualTo(Hosts.NONE);
    }

    @Test
    void aBadFieldIsNamedWithItsLine() {
        assertThatThrownBy(() -> parse("""
                hosts:
                  - name: plex
                    domains: [media.example.com]
                    upstream: http://127.0.0.1:32400
                    port: 70000
                """)).hasMessage("hosts.yaml line 5: host 'plex': port: 70000 is out of range 1-65535");
        assertThatThrownBy(() -> parse("""
                hosts:
                  - name: plex
                    domains: [media.example.com]
                    upstream: http://127.0.0.1:32400
                    plexMode:
                      liveTv: yes please
                """)).hasMessage("hosts.yaml line 6: host 'plex': liveTv: want true or false");
    }

    @Test
    void aMissingRequiredFieldPointsAtItsHost() {
        assertThatThrownBy(() -> parse("""
                hosts:
                  - name: a
                    domains: [a.example.com]
                    upstream: http://127.0.0.1:32400
                  - name: b
                    domains: [b.example.com]
                """)).hasMessage("hosts.yaml line 5: host 'b': upstream: missing (the PMS URL, like http://127.0.0.1:32400)");
    }

    @Test
    void unknownFieldsAndKeysAreErrorsNotIgnored() {
        assertThatThrownBy(() -> parse("""
                hosts:
                  - name: plex
                    domians: [media.example.com]
                    upstream: http://127.0.0.1:32400
                """)).hasMessageStartingWith("hosts.yaml line 3: host 'plex': domians: unknown field (known: domains,");
        assertThatThrownBy(() -> parse("servers: []\n"))
                .hasMessage("hosts.yaml line 1: unknown key 'servers' (the file holds only 'hosts')");
    }

    @Test
    void aFieldGivenTwiceIsAnError() {
        assertThatThrownBy(() -> parse("""
                hosts:
                  - name: plex
                    name: other
                """)).hasMessageStartingWith("hosts.yaml line 3: 'name' is given twice");
    }

    @Test
    void twoHostsWithOneDomainAreRefused() {
        assertThatThrownBy(() -> parse("""
                hosts:
                  - {name: a, domains: [media.example.com], upstream: "http://127.0.0.1:32400"}
                  - {name: b, domains: [media.example.com], upstream: "http://10.0.0.2:32400"}
                """)).hasMessage("hosts.yaml: domains: media.example.com already belongs to host 'a'");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("hosts:\n  - name: plex\n    domains: [unclosed\n"))
                .isInstanceOf(HostsFileException.class).hasMessageStartingWith("hosts.yaml line ")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("- just a list\n")).hasMessage("hosts.yaml line 1: want a mapping with the key 'hosts'");
        assertThatThrownBy(() -> parse("hosts: [plex]\n"))
                .hasMessageStartingWith("hosts.yaml line 1: each host must be a mapping");
    }
}
