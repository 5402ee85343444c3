package io.doorman.frontends;

import java.nio.file.Path;
import java.util.List;

/**
 * A cloudflared named tunnel in front of Doorman: {@code <tunnel>.yml} (the name the cloudflared unit of
 * {@link SystemdUnits} runs) with one ingress rule per public domain and the mandatory catch-all last.
 */
public final class CloudflaredConfig implements FrontendRenderer {

    /** The port the runbook's health timer reads {@code /ready} and {@code /metrics} on. */
    static final String METRICS = "127.0.0.1:49312";

    /** Where cloudflared's package and the generated unit keep tunnel configs and credentials. */
    public static final Path DEFAULT_DIR = Path.of("/etc/cloudflared");

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        String tunnel = request.tunnel();
        Path credentials = request.credentialsFile() != null ? request.credentialsFile()
                : DEFAULT_DIR.resolve(tunnel + ".json");
        return List.of(file(request, tunnel, credentials, DEFAULT_DIR));
    }

    /**
     * The file {@code doorman cloudflare ensure} writes into {@code dir}: named for the tunnel's name (the file the
     * unit runs) but running the tunnel by id, since cloudflared resolves a name only with its login certificate.
     */
    public static RenderedFile forTunnelId(FrontendRequest request, String tunnelId, Path credentials, Path dir) {
        return file(request, tunnelId, credentials, dir);
    }

    private static RenderedFile file(FrontendRequest request, String tunnelKey, Path credentials, Path dir) {
        String service = "http://" + YamlScalar.authority(request.doorman());
        String file = request.tunnel() + ".yml";
        StringBuilder b = new StringBuilder();
        b.append("# cloudflared named tunnel in front of Doorman: cloudflared tunnel --config ")
                .append(dir.resolve(file)).append(" run\n");
        b.append("# Each hostname needs a proxied CNAME to <tunnel-id>.cfargotunnel.com (doorman cloudflare ensure).\n");
        b.append("tunnel: ").append(YamlScalar.of(tunnelKey)).append('\n');
        b.append("credentials-file: ").append(YamlScalar.of(credentials.toString())).append('\n');
        b.append("# HTTP/2 over TCP 7844 reaches Cloudflare where UDP (QUIC) is blocked or throttled, as on many\n");
        b.append("# CGNAT and guest networks.\n");
        b.append("protocol: http2\n");
        b.append("# A fixed port, so the health check knows where /ready and /metrics are.\n");
        b.append("metrics: ").append(METRICS).append('\n');
        b.append("# Updates come from the package manager, not a restart in the middle of a stream.\n");
        b.append("no-autoupdate: true\n");
        b.append("ingress:\n");
        for (PlexHost h : request.hosts()) {
            hostRules(b, h, service);
        }
        b.append("  # cloudflared refuses a config whose last rule names a hostname: anything else gets 404.\n");
        b.append("  - service: http_status:404\n");
        return new RenderedFile(file, b.toString());
    }

    private static void hostRules(StringBuilder b, PlexHost h, String service) {
        b.append("  # ").append(h.name()).append(": Doorman routes by Host, so each rule names the public one\n");
        if (!h.plexMode().lanAliases().isEmpty()) {
            b.append("  # (its LAN aliases ").append(String.join(", ", h.plexMode().lanAliases()))
                    .append(" stay off the public tunnel)\n");
        }
        if (!h.plexMode().forwardClientIp()) {
            b.append("  # forwardClientIp is off, but cloudflared cannot remove headers: Cloudflare's edge sends\n");
            b.append("  # X-Forwarded-For and Cf-Connecting-Ip, and only Doorman can leave them out.\n");
        }
        if (!h.plexMode().webSockets()) {
            b.append("  # WebSockets are off: Plex's notification sockets get 403 (the first matching rule wins).\n");
        }
        for (String domain : h.domains()) {
            if (!h.plexMode().webSockets()) {
                b.append("  - hostname: ").append(domain).append('\n');
                b.append("    path: ").append(YamlScalar.of("^/:/websockets/")).append('\n');
                b.append("    service: http_status:403\n");
            }
            b.append("  - hostname: ").append(domain).append('\n');
            b.append("    service: ").append(YamlScalar.of(service)).append('\n');
            b.append("    originRequest:\n");
            b.append("      httpHostHeader: ").append(domain).append('\n');
        }
    }
}
