package io.doorman.frontends;

import io.doorman.config.HostPort;
import java.nio.file.Path;
import java.util.List;

/**
 * What a frontend configuration is generated for.
 *
 * @param hosts           the hosts to serve, at least one, in order
 * @param doorman         where Doorman listens, the frontend's upstream (e.g. {@code 127.0.0.1:33240})
 * @param tls             how the frontend gets its certificates
 * @param tunnel          cloudflared: the named tunnel's UUID or name, or null for {@link #DEFAULT_TUNNEL}
 * @param credentialsFile cloudflared: the tunnel's credentials JSON, or null for the default path for the tunnel
 * @param funnel          tailscale: publish to the internet with Funnel, not only to the tailnet with Serve
 */
public record FrontendRequest(List<PlexHost> hosts, HostPort doorman, Tls tls, String tunnel, Path credentialsFile,
        boolean funnel) {

    public static final String DEFAULT_TUNNEL = "doorman-media";

    public FrontendRequest {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a frontend needs at least one host");
        }
    }

    /** How the frontend gets its certificates. */
    public sealed interface Tls {

        /** The frontend's own way: ACME for Caddy and Traefik, the edge for Cloudflare and Tailscale. */
        record Automatic() implements Tls {
        }

        /** Certificate and key files the user has (nginx needs these; Caddy uses them instead of ACME). */
        record Files(Path cert, Path key) implements Tls {
        }

        /** Caddy's own local CA ({@code tls internal}): LAN-only names and tests. */
        record Internal() implements Tls {
        }
    }
}
