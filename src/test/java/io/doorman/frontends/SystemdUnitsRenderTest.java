package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.doorman.config.HostPort;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units {@link SystemdUnits} renders pass the real {@code systemd-analyze verify} without a word (it exits 0
 * on unknown keys and bad values, so any output fails), with the notes' {@code #} lines on top of the first file;
 * and {@code deploy/systemd/} holds exactly what it renders for the default setup.
 */
class SystemdUnitsRenderTest {

    private static final Path DEPLOY_UNITS = Path.of("deploy/systemd");
    private static final String NOTES = "# Plex -> Settings -> Network -> Custom server access URLs: https://media.example.com:443\n"
            + "# Warning: never DNAT :32400 into Doorman.\n";
    private static final URI PMS = URI.create("http://127.0.0.1:32400");
    private static final PlexHost CADDY_HOST = PlexHost.of("media", List.of("media.example.com"), PMS);
    private static final PlexHost TUNNEL_HOST = new PlexHost("tunnel", List.of("tv.example.org"), 443,
            URI.create("https://10.0.0.5:32400"), true, FrontendKind.CLOUDFLARED, PlexMode.DEFAULTS);

    /** The machine's own units (sysinit.target, network-online.target...), copied once; each case copies this. */
    @TempDir
    static Path systemUnits;

    private final SystemdUnits renderer = new SystemdUnits();

    @BeforeAll
    static void copySystemUnits() throws IOException {
        Path dir = Stream.of("/usr/lib/systemd/system", "/lib/systemd/system").map(Path::of)
                .filter(p -> Files.isRegularFile(p.resolve("sysinit.target"))).findFirst()
                .orElseGet(() -> fail("no systemd unit directory (/usr/lib/systemd/system with sysinit.target):"
                        + " install Debian's systemd package, which also provides systemd-analyze"));
        copyTree(dir, systemUnits);
    }

    // ---- systemd-analyze verify ----

    @Test
    void withoutATunnelOnlyDoormanRunsAndVerifies(@TempDir Path root) throws Exception {
        List<RenderedFile> files = renderer.render(request(List.of(CADDY_HOST), SystemdUnits.DEFAULT_LISTEN));
        assertThat(files).extracting(RenderedFile::name).containsExactly("doorman.service");
        verifyAll(root, files);
    }

    @Test
    void aTunnelHostAddsCloudflaredAndTheHealthTimer(@TempDir Path root) throws Exception {
        List<RenderedFile> files = renderer.render(request(List.of(CADDY_HOST, TUNNEL_HOST),
                SystemdUnits.DEFAULT_LISTEN));
        assertThat(files).extracting(RenderedFile::name).containsExactly("doorman.service",
                "cloudflared-media.service", "doorman-health.service", "doorman-health.timer");
        verifyAll(root, files);

        String cloudflared = text(files, "cloudflared-media.service");
        assertThat(cloudflared).contains("\nExecStart=/usr/bin/cloudflared --no-autoupdate --config"
                        + " /etc/cloudflared/" + FrontendRequest.DEFAULT_TUNNEL + ".yml tunnel run\n")
                .contains("\nRestart=always\n").contains("\nCapabilityBoundingSet=\n")
                .contains("\nProtectSystem=strict\n").contains("\nNoNewPrivileges=yes\n");
        assertThat(text(files, "doorman-health.service"))
                .contains("\nExecStart=/opt/doorman/bin/doorman health --restart\n");
        assertThat(text(files, "doorman-health.timer")).contains("\nOnUnitActiveSec=1min\n");
    }

    @Test
    void aNamedTunnelIsTheConfigFileName(@TempDir Path root) throws Exception {
        FrontendRequest named = new FrontendRequest(List.of(TUNNEL_HOST), SystemdUnits.DEFAULT_LISTEN,
                new FrontendRequest.Tls.Automatic(), "6ff42ae2-765d-4adf-8112-31c55c1551ef", null, false);
        List<RenderedFile> files = renderer.render(named);
        verifyAll(root, files);
        assertThat(text(files, "cloudflared-media.service"))
                .contains(" --config /etc/cloudflared/6ff42ae2-765d-4adf-8112-31c55c1551ef.yml tunnel run\n");
    }

    @Test
    void aCustomListenAddressIsPinnedInServeAndInTheHealthCheck(@TempDir Path root) throws Exception {
        List<RenderedFile> files = renderer.render(request(List.of(TUNNEL_HOST), new HostPort("127.0.0.2", 40000)));
        verifyAll(root, files);
        assertThat(text(files, "doorman.service"))
                .contains("proxies 127.0.0.2:40000 to PMS")
                .contains("\nExecStart=/opt/doorman/bin/doorman serve --data-dir /var/lib/doorman --listen 127.0.0.2:40000\n")
                .contains("\nCapabilityBoundingSet=\n");
        assertThat(text(files, "doorman-health.service")).contains(
                "\nExecStart=/opt/doorman/bin/doorman health --restart --origin-url http://127.0.0.2:40000/identity\n");
        assertThat(text(files, "cloudflared-media.service")).contains("forwards to Doorman on\n# 127.0.0.2:40000.");
    }

    @Test
    void everyInterfaceIsCheckedThroughLoopbackAndALowPortKeepsOneCapability(@TempDir Path root) throws Exception {
        List<RenderedFile> files = renderer.render(request(List.of(TUNNEL_HOST), new HostPort("::", 80)));
        verifyAll(root, files);
        assertThat(text(files, "doorman.service")).contains(" --listen [::]:80\n")
                .contains("\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n")
                .contains("\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n");
        assertThat(text(files, "doorman-health.service")).contains(" --origin-url http://[::1]:80/identity\n");
    }

    /** systemd's own hardening score for the connector: "OK" (at most 2.5 of 10; it rates 2.0, doorman.service 1.7). */
    @Test
    void cloudflaredIsHardenedAsSystemdRatesIt(@TempDir Path dir) throws Exception {
        Path unit = dir.resolve("cloudflared-media.service");
        Files.writeString(unit, text(renderer.render(request(List.of(TUNNEL_HOST), SystemdUnits.DEFAULT_LISTEN)),
                "cloudflared-media.service"));
        String analyze = ToolProcess.find("systemd-analyze", "install Debian's systemd package");
        ToolProcess.Outcome o = ToolProcess.run(List.of(analyze, "security", "--offline=true", "--threshold=25",
                unit.toString()));
        assertThat(o.code()).as("systemd-analyze security:%n%s", o.output()).isZero();
    }

    /** The check itself: a misspelled key in a rendered unit must make verify speak. */
    @Test
    void verifyReportsAMisspelledKey(@TempDir Path root) throws Exception {
        String unit = text(renderer.render(request(List.of(TUNNEL_HOST), SystemdUnits.DEFAULT_LISTEN)),
                "cloudflared-media.service").replace("ProtectSystem=strict", "ProtectSytem=strict");
        ToolProcess.Outcome o = verify(root, List.of(new RenderedFile("cloudflared-media.service", unit)),
                "cloudflared-media.service");
        assertThat(o.output()).contains("Unknown key 'ProtectSytem'");
    }

    @Test
    void aTunnelNameThatIsNoFileNameIsRefused() {
        assertThatThrownBy(() -> new FrontendRequest(List.of(TUNNEL_HOST), SystemdUnits.DEFAULT_LISTEN,
                new FrontendRequest.Tls.Automatic(), "../etc/x", null, false))
                .isInstanceOf(InvalidHostException.class).hasMessageContaining("tunnel");
    }

    // ---- deploy/systemd is the rendered default ----

    @Test
    void deployedDoormanServiceIsTheRenderedDefault() throws IOException {
        String rendered = text(renderer.render(request(List.of(CADDY_HOST), SystemdUnits.DEFAULT_LISTEN)),
                "doorman.service");
        assertThat(Files.readString(DEPLOY_UNITS.resolve("doorman.service")))
                .as("deploy/systemd/doorman.service must be what `doorman frontend systemd` renders by default: edit"
                        + " src/main/resources/io/doorman/frontends/systemd/doorman.service and copy the rendered unit")
                .isEqualTo(rendered);
    }

    @Test
    void deployedHealthUnitsAreTheRenderedTunnelDefault() throws IOException {
        List<RenderedFile> files = renderer.render(request(List.of(TUNNEL_HOST), SystemdUnits.DEFAULT_LISTEN));
        for (String name : List.of("doorman.service", "doorman-health.service", "doorman-health.timer")) {
            assertThat(Files.readString(DEPLOY_UNITS.resolve(name))).as("deploy/systemd/%s, rendered from src/main/resources/io/doorman/frontends/systemd/%s", name, name)
                    .isEqualTo(text(files, name));
        }
    }

    @Test
    void theSameRequestGivesTheSameBytesEndingInANewline() {
        FrontendRequest r = request(List.of(CADDY_HOST, TUNNEL_HOST), new HostPort("127.0.0.1", 40000));
        assertThat(renderer.render(r)).isEqualTo(renderer.render(r));
        assertThat(renderer.render(r)).allSatisfy(f -> assertThat(f.text()).endsWith("\n").doesNotContain("{{"));
    }

    // ---- helpers ----

    private static FrontendRequest request(List<PlexHost> hosts, HostPort doorman) {
        return new FrontendRequest(hosts, doorman, new FrontendRequest.Tls.Automatic(), null, null, false);
    }

    private static String text(List<RenderedFile> files, String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().map(RenderedFile::text)
                .orElseGet(() -> fail("no %s among %s", name, files.stream().map(RenderedFile::name).toList()));
    }

    /** Every file verified on its own, silently; the notes on top of the first, as {@code FrontendNotes} adds them. */
    private static void verifyAll(Path root, List<RenderedFile> files) throws Exception {
        List<RenderedFile> withNotes = Stream.concat(
                Stream.of(new RenderedFile(files.get(0).name(), NOTES + files.get(0).text())),
                files.stream().skip(1)).toList();
        for (RenderedFile f : withNotes) {
            ToolProcess.Outcome o = verify(root, withNotes, f.name());
            assertThat(o.output()).as("systemd-analyze verify %s printed (exit %d):%n%s", f.name(), o.code(),
                    o.output()).isEmpty();
            assertThat(o.code()).as("systemd-analyze verify %s exit code", f.name()).isZero();
        }
    }

    /**
     * {@code systemd-analyze verify UNIT} in a root holding the machine's units, {@code files} in
     * /etc/systemd/system and stubs where the units' programs are installed (verify fails on a missing ExecStart).
     */
    private static ToolProcess.Outcome verify(Path root, List<RenderedFile> files, String unit) throws Exception {
        if (!Files.exists(root.resolve("usr/lib/systemd/system"))) {
            copyTree(systemUnits, root.resolve("usr/lib/systemd/system"));
            for (String program : List.of("opt/doorman/bin/doorman", "usr/bin/cloudflared")) {
                Path stub = root.resolve(program);
                Files.createDirectories(stub.getParent());
                Files.writeString(stub, "#!/bin/sh\nexit 0\n");
                Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (RenderedFile f : files) {
            Files.writeString(etc.resolve(f.name()), f.text());
        }
        String analyze = ToolProcess.find("systemd-analyze",
                "install Debian's systemd package (apt-get install systemd); .ci/run does");
        return ToolProcess.run(List.of(analyze, "verify", "--man=no", "--generators=no",
                "--root=" + root.toAbsolutePath(), unit));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path src : (Iterable<Path>) paths::iterator) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isSymbolicLink(src)) {
                    Files.createSymbolicLink(dst, Files.readSymbolicLink(src)); // masked units link to /dev/null
                } else if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
