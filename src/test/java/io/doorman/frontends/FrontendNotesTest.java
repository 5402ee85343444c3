package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.HostPort;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The custom URL and the warnings that go with a generated configuration: only those that apply. */
class FrontendNotesTest {

    private static final URI PMS = URI.create("http://127.0.0.1:32400");
    private static final HostPort DOORMAN = new HostPort("127.0.0.1", 33240);

    private static FrontendRequest request(PlexHost... hosts) {
        return new FrontendRequest(List.of(hosts), DOORMAN, new FrontendRequest.Tls.Automatic(), null, null, false);
    }

    private static PlexHost host(String name, String domain, FrontendKind kind, PlexMode mode) {
        return new PlexHost(name, List.of(domain), 443, PMS, false, kind, mode);
    }

    @Test
    void aPlainHostGetsItsCustomUrlAndTheDnatWarningOnly() {
        List<String> notes = FrontendNotes.of(request(PlexHost.of("plex", List.of("media.example.com"), PMS)),
                OutputKind.CADDY);
        assertThat(notes).containsExactly("Plex > Settings > Network > Custom server access URLs:"
                + " https://media.example.com:443", FrontendNotes.NO_DNAT);
    }

    @Test
    void severalHostsNameWhichUrlIsWhose() {
        List<String> notes = FrontendNotes.of(request(PlexHost.of("a", List.of("a.example.com"), PMS),
                new PlexHost("b", List.of("b.example.com"), 8443, PMS, false, FrontendKind.NGINX, PlexMode.DEFAULTS)),
                OutputKind.NGINX);
        assertThat(notes).startsWith("Plex > Settings > Network > Custom server access URLs (a): https://a.example.com:443",
                "Plex > Settings > Network > Custom server access URLs (b): https://b.example.com:8443");
    }

    @Test
    void eachWarningAppearsWhereItApplies() {
        PlexMode noIp = new PlexMode(false, true, false, List.of(), false);
        PlexMode liveTv = new PlexMode(true, true, true, List.of(), false);
        List<String> notes = FrontendNotes.of(request(host("quiet", "q.example.com", FrontendKind.CADDY, noIp),
                host("tv", "tv.example.com", FrontendKind.CADDY, liveTv)), OutputKind.CADDY);
        assertThat(notes).anyMatch(n -> n.startsWith("quiet does not forward the client's address"))
                .anyMatch(n -> n.startsWith("tv gives shared users Live TV: Relay must be off"))
                .noneMatch(n -> n.startsWith("tv does not forward")).doesNotContain(FrontendNotes.TAILSCALE,
                        FrontendNotes.CLOUDFLARE_TERMS);
        assertThat(FrontendNotes.of(request(PlexHost.of("p", List.of("p.example.com"), PMS)), OutputKind.TAILSCALE))
                .contains(FrontendNotes.TAILSCALE);
        assertThat(FrontendNotes.of(request(host("p", "p.example.com", FrontendKind.CLOUDFLARED, PlexMode.DEFAULTS)),
                OutputKind.SYSTEMD)).contains(FrontendNotes.CLOUDFLARE_TERMS, FrontendNotes.CLOUDFLARE_UPLOADS);
    }

    @Test
    void notesGoOnTopButAScriptKeepsItsShebangFirst() {
        RenderedFile script = FrontendNotes.withNotes(new RenderedFile("s.sh", "#!/bin/sh\nset -eu\n"), "Generated",
                List.of("one"));
        assertThat(script.text()).isEqualTo("#!/bin/sh\n# Generated\n# one\n\nset -eu\n");
        RenderedFile conf = FrontendNotes.withNotes(new RenderedFile("Caddyfile", "a {\n}\n"), "Generated",
                List.of("one"));
        assertThat(conf.text()).isEqualTo("# Generated\n# one\n\na {\n}\n");
    }
}
