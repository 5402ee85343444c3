package io.doorman.frontends;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hosts the Caddy and nginx renderers are checked with, and a self-signed certificate made by the real
 * {@code openssl} for the configurations that name files.
 */
final class SampleHosts {

    static final URI PMS = URI.create("http://127.0.0.1:32400");
    static final URI OTHER_PMS = URI.create("https://10.0.0.5:32400");

    /** A self-signed certificate and its key, both PEM. */
    record Certificate(Path cert, Path key) {

        FrontendRequest.Tls asTls() {
            return new FrontendRequest.Tls.Files(cert, key);
        }
    }

    private SampleHosts() {
    }

    /**
     * Four hosts on two PMSs: {@code living} (two domains, a guarded LAN alias) and {@code quiet} (WebSockets and
     * the client's address off, an unguarded alias) on {@code port}; {@code cabin} (WebSockets off, two guarded
     * aliases) on {@code otherPort}; {@code plain} with the defaults on {@code otherPort}.
     */
    static List<PlexHost> several(int port, int otherPort) {
        return List.of(
                new PlexHost("living", List.of("media.example.com", "tv.example.org"), port, PMS, false,
                        FrontendKind.CADDY, new PlexMode(true, true, true, List.of("living.home"), true)),
                new PlexHost("cabin", List.of("cabin.example.com"), otherPort, OTHER_PMS, true, FrontendKind.NGINX,
                        new PlexMode(true, false, false, List.of("cabin.home", "cabin.lan"), true)),
                new PlexHost("quiet", List.of("quiet.example.net"), port, OTHER_PMS, true, FrontendKind.CADDY,
                        new PlexMode(false, false, false, List.of("quiet.home"), false)),
                new PlexHost("plain", List.of("plain.example.org"), otherPort, PMS, false, FrontendKind.NGINX,
                        PlexMode.DEFAULTS));
    }

    /** The host of {@code several} named {@code name}. */
    static PlexHost named(List<PlexHost> hosts, String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    /** A new self-signed certificate for {@code plex.example.test} in {@code dir}, valid for two days. */
    static Certificate selfSigned(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        String openssl = ToolProcess.find("openssl", "install Debian's openssl package; .ci/run does");
        ToolProcess.Outcome made = ToolProcess.run(List.of(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=plex.example.test"));
        if (made.code() != 0 || !Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
            throw new IllegalStateException("openssl could not make a certificate: " + made.output());
        }
        return new Certificate(cert, key);
    }
}
