package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.config.HostPort;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script is checked by the real {@code sh} ({@code sh -n}), then run with a fake {@code tailscale} on PATH that
 * records each call's arguments, so the exact commands are asserted without Tailscale.
 */
class TailscaleCommandsTest {

    private static final HostPort DOORMAN = new HostPort("127.0.0.1", 33240);
    private static final String TARGET = "http://127.0.0.1:33240";
    private static final String NOTES = "# Plex > Settings > Network > Custom server access URLs: https://x:443\n"
            + "# Tailscale addresses (100.64.0.0/10) count as Remote.\n\n";

    @TempDir
    Path dir;

    private static PlexHost host(String name, String domain, int port, PlexMode mode) {
        return new PlexHost(name, List.of(domain), port, URI.create("http://127.0.0.1:32400"), false,
                FrontendKind.TAILSCALE, mode);
    }

    private static PlexHost host(String name, String domain, int port) {
        return host(name, domain, port, PlexMode.DEFAULTS);
    }

    private static String script(List<PlexHost> hosts, boolean funnel) {
        List<RenderedFile> files = new TailscaleCommands()
                .render(new FrontendRequest(hosts, DOORMAN, new FrontendRequest.Tls.Automatic(), null, null, funnel));
        assertThat(files).extracting(RenderedFile::name).containsExactly("tailscale-serve.sh");
        String text = files.get(0).text();
        assertThat(text).startsWith("#!/bin/sh\n").contains("\nset -eu\n").endsWith("\n");
        return text;
    }

    /** The script as FrontendNotes leaves it: notes after the {@code #!} line. */
    private static String withNotes(String script) {
        int nl = script.indexOf('\n');
        return script.substring(0, nl + 1) + NOTES + script.substring(nl + 1);
    }

    private record Run(int exit, String output, List<String> calls) {
    }

    private Run run(String script, String fakeBody) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("tailscale");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done >> \"$CALLS\"\n"
                + "echo >> \"$CALLS\"\n" + fakeBody);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("tailscale-serve.sh");
        Files.writeString(file, script);
        Path calls = dir.resolve("calls");
        Files.deleteIfExists(calls);
        Files.createFile(calls);

        assertThat(sh(List.of("sh", "-n", file.toString()), null).exit()).as("sh -n").isZero();
        ProcessBuilder pb = new ProcessBuilder("sh", file.toString());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("CALLS", calls.toString());
        Run r = sh(null, pb);
        return new Run(r.exit(), r.output(), Files.readAllLines(calls));
    }

    private static Run sh(List<String> command, ProcessBuilder given) throws IOException, InterruptedException {
        ProcessBuilder pb = given != null ? given : new ProcessBuilder(command);
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sh did not finish in 10 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8), List.of());
    }

    @Test
    void oneHostIsOneServeCommandInTheCurrentSyntax() throws Exception {
        String script = script(List.of(host("media", "pms.tail1234.ts.net", 443)), false);
        Run r = run(withNotes(script), "");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.calls()).containsExactly("[serve][--bg][--https=443][" + TARGET + "]");
        assertThat(script).contains("# media: clients use https://pms.tail1234.ts.net:443 (tailnet only)",
                "# Undo: tailscale serve --https=443 off").doesNotContain("WARNING", "funnel");
    }

    @Test
    void severalHostsAreServedOnTheirOwnPorts() throws Exception {
        String script = script(List.of(host("media", "pms.tail1234.ts.net", 443),
                host("cabin", "pms.tail1234.ts.net", 8443), host("test", "pms.tail1234.ts.net", 9000)), false);
        Run r = run(script, "");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.calls()).containsExactly("[serve][--bg][--https=443][" + TARGET + "]",
                "[serve][--bg][--https=8443][" + TARGET + "]", "[serve][--bg][--https=9000][" + TARGET + "]");
    }

    @Test
    void funnelPublishesOnEachOfItsPorts() throws Exception {
        String script = script(List.of(host("media", "pms.tail1234.ts.net", 443),
                host("cabin", "pms.tail1234.ts.net", 8443), host("test", "pms.tail1234.ts.net", 10000)), true);
        Run r = run(withNotes(script), "");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.calls()).containsExactly("[funnel][--bg][--https=443][" + TARGET + "]",
                "[funnel][--bg][--https=8443][" + TARGET + "]", "[funnel][--bg][--https=10000][" + TARGET + "]");
        assertThat(script).contains("(public, Funnel)", "# Undo: tailscale funnel --https=8443 off");
    }

    @Test
    void funnelRefusesAPortTailscaleWouldRefuse() {
        assertThatThrownBy(() -> script(List.of(host("media", "pms.tail1234.ts.net", 443),
                host("cabin", "pms.tail1234.ts.net", 8080)), true))
                .isInstanceOfSatisfying(InvalidHostException.class, e -> assertThat(e.field()).isEqualTo("port"))
                .hasMessageContaining("cabin").hasMessageContaining("8080")
                .hasMessageContaining("443, 8443 and 10000");
        assertThat(script(List.of(host("cabin", "pms.tail1234.ts.net", 8080)), false))
                .contains("tailscale serve --bg --https=8080 " + TARGET);
    }

    @Test
    void twoHostsOnOnePortAreRefusedBecauseTheMachineHasOneName() {
        assertThatThrownBy(() -> script(List.of(host("media", "pms.tail1234.ts.net", 443),
                host("cabin", "cabin.example.com", 443)), false))
                .isInstanceOfSatisfying(InvalidHostException.class, e -> assertThat(e.field()).isEqualTo("port"))
                .hasMessageContaining("cabin and media both want port 443");
    }

    @Test
    void aDomainThatIsNotATailnetNameIsWarnedAbout() throws Exception {
        PlexHost h = new PlexHost("media", List.of("media.example.com", "plex.example.org"), 443,
                URI.create("http://127.0.0.1:32400"), false, FrontendKind.TAILSCALE,
                new PlexMode(false, false, false, List.of("plex.home"), false));
        String script = script(List.of(h), false);
        assertThat(script).contains("# media: clients use https://<machine>.<tailnet>.ts.net:443",
                "# WARNING: media.example.com, plex.example.org are not tailnet names",
                "LAN aliases (plex.home) are not served", "forwardClientIp is off", "WebSockets are off");
        Run r = run(script, "");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.calls()).containsExactly("[serve][--bg][--https=443][" + TARGET + "]");

        PlexHost mixed = new PlexHost("media", List.of("media.example.com", "pms.tail1234.ts.net"), 443,
                URI.create("http://127.0.0.1:32400"), false, FrontendKind.TAILSCALE, PlexMode.DEFAULTS);
        assertThat(script(List.of(mixed), false)).doesNotContain("WARNING")
                .contains("clients use https://pms.tail1234.ts.net:443",
                        "# media.example.com cannot be reached through Tailscale.");
    }

    @Test
    void aFailingCommandStopsTheScript() throws Exception {
        String script = script(List.of(host("media", "pms.tail1234.ts.net", 443),
                host("cabin", "pms.tail1234.ts.net", 8443)), true);
        Run r = run(script, "echo 'port 443 is not allowed for funnel' >&2\nexit 1\n");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("not allowed for funnel");
        assertThat(r.calls()).containsExactly("[funnel][--bg][--https=443][" + TARGET + "]");
    }

    @Test
    void anIpv6DoormanIsABracketedTarget() throws Exception {
        String script = new TailscaleCommands().render(new FrontendRequest(
                List.of(host("media", "pms.tail1234.ts.net", 443)), new HostPort("::1", 33240),
                new FrontendRequest.Tls.Automatic(), null, null, false)).get(0).text();
        Run r = run(script, "");
        assertThat(r.calls()).containsExactly("[serve][--bg][--https=443][http://[::1]:33240]");
    }

    @Test
    void theSameRequestGivesTheSameBytes() {
        List<PlexHost> hosts = List.of(host("media", "pms.tail1234.ts.net", 443),
                host("cabin", "cabin.example.com", 8443));
        assertThat(script(hosts, true)).isEqualTo(script(hosts, true));
    }
}
