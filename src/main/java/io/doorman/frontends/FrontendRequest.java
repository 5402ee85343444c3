package io.doorman.frontends;

import io.doorman.config.HostPort;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a frontend configuration is generated for.
 *
 * @param hosts           the hosts to serve, at least one, in order
 * @param doorman         where Doorman listens, the frontend's upstream (e.g. {@code 127.0.0.1:33240})
 * @param tls             how the frontend gets its certificates
 * @param tunnel          cloudflared: the named tunnel's UUID or name ({@link #DEFAULT_TUNNEL} when null or blank),
 *                        safe as a file name and in a unit file
 * @param credentialsFile cloudflared: the tunnel's credentials JSON, or null for the default path for the tunnel
 * @param funnel          tailscale: publish to the internet with Funnel, not only to the tailnet with Serve
 */
public record FrontendRequest(List<PlexHost> hosts, HostPort doorman, Tls tls, String tunnel, Path credentialsFile,
        boolean funnel) {

    public static final String DEFAULT_TUNNEL = "doorman-media";

    /** Letters, digits, '.', '_' and '-': no path, no blank, no systemd {@code %} specifier. */
    private static final Pattern TUNNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public FrontendRequest {
        hosts = List.copyOf(hosts);
        tunnel = tunnel("tunnel", tunnel);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a frontend needs at least one host");
        }
    }

    /**
     * A tunnel name as given ({@link #DEFAULT_TUNNEL} when null or blank), checked.
     *
     * @throws InvalidHostException naming {@code field} when it is not letters, digits, '.', '_' and '-'
     */
    static String tunnel(String field, String tunnel) {
        String t = tunnel == null || tunnel.isBlank() ? DEFAULT_TUNNEL : tunnel.strip();
        if (!TUNNEL.matcher(t).matches()) {
            throw new InvalidHostException(field, "'" + (t.length() > 100 ? t.substring(0, 100) + "..." : t)
                    + "' is not a tunnel name or UUID (letters, digits, '.', '_' and '-')");
        }
        return t;
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
