package io.doorman.frontends;

import java.util.ArrayList;
import java.util.List;

/**
 * Caddy (2.6.2 and later) in front of Doorman: a whole {@code Caddyfile} with one site per host, and a site of its
 * own for a host's LAN aliases, guarded from public clients when the host asks for it. Written as {@code caddy fmt}
 * writes it (tabs), so Caddy has nothing to warn about.
 */
public final class CaddyConfig implements FrontendRenderer {

    static final String FILE = "Caddyfile";
    /** Where Plex Web and Companion open their notification WebSockets. */
    static final String WEBSOCKETS = "/:/websockets/*";

    private static final String ABOUT = """
            # Caddy (2.6.2 and later) in front of Doorman: save as /etc/caddy/Caddyfile, or import it from yours
            # (it has no global options block), then: caddy validate --config Caddyfile --adapter caddyfile,
            # and systemctl reload caddy. A reload closes open WebSockets; Plex Web opens them again.
            # Caddy keeps the Host the client sent (Doorman routes by it) and sets X-Forwarded-For, -Proto and
            # -Host itself (2.5+): the sites add only X-Real-IP, and copy no X-Plex-* header (all pass as sent).
            """;
    private static final String CADDYS_OWN_CA = """
            must trust its root (caddy trust, or root.crt under Caddy's data directory).
            """;
    private static final String GUARD = """
            # The public Host guard: these names are for the LAN, so anyone else asking for them gets 404.
            # The LAN: %s.
            # remote_ip is the peer itself (client_ip needs Caddy 2.7): behind another proxy on this
            # machine, such as cloudflared, every client is local.
            @public not remote_ip %s
            # route: in the order written, so the guard answers before anything else.
            route {
            	respond @public 404
            """.formatted(LanRanges.IN_WORDS, String.join(" ", LanRanges.CIDRS));
    private static final String NO_CLIENT_ADDRESS = """
            # forwardClientIp is off: no X-Real-IP, not even a client's own. Caddy still sends
            # X-Forwarded-For, so Doorman knows the client, and Doorman leaves the client's
            # address out of what it sends PMS for this host.
            header_up -X-Real-IP
            """;

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        String upstream = DoormanUpstream.authority(request.doorman());
        StringBuilder b = new StringBuilder(ABOUT);
        b.append(switch (request.tls()) {
            case FrontendRequest.Tls.Automatic a -> """
                    # Certificates: Caddy's own ACME, whose challenges need port 80 or 443 open to Caddy
                    # from anywhere.
                    """;
            case FrontendRequest.Tls.Files f -> """
                    # Certificates: the files given, which must name every domain below: for a name they
                    # miss, Caddy asks an ACME CA.
                    """;
            case FrontendRequest.Tls.Internal i -> "# Certificates: Caddy's own CA (tls internal), for tests and"
                    + " LAN-only names: clients\n# " + CADDYS_OWN_CA;
        });
        for (PlexHost h : request.hosts()) {
            b.append('\n');
            publicSite(b, h, request.tls(), upstream);
            if (!h.plexMode().lanAliases().isEmpty()) {
                b.append('\n');
                lanSite(b, h, request.tls(), upstream);
            }
        }
        return List.of(new RenderedFile(FILE, b.toString()));
    }

    private static void publicSite(StringBuilder b, PlexHost h, FrontendRequest.Tls tls, String upstream) {
        b.append("# ").append(h.name()).append(": ").append(h.customUrl()).append('\n');
        b.append(addresses(h.domains(), h.port())).append(" {\n");
        switch (tls) {
            case FrontendRequest.Tls.Automatic a -> {
            }
            case FrontendRequest.Tls.Files f -> b.append("\ttls ").append(files(f)).append('\n');
            case FrontendRequest.Tls.Internal i -> b.append("\ttls internal\n");
        }
        handlers(b, h, upstream, false);
        b.append("}\n");
    }

    /** The aliases' own site: no public CA signs a LAN name, so the user's files or Caddy's own CA. */
    private static void lanSite(StringBuilder b, PlexHost h, FrontendRequest.Tls tls, String upstream) {
        b.append("# ").append(h.name()).append("'s LAN aliases. ");
        if (tls instanceof FrontendRequest.Tls.Files) {
            b.append("They use the certificate files given, which must name them.\n");
        } else {
            b.append("No public CA signs a LAN name, so Caddy's own CA does: LAN clients\n# ").append(CADDYS_OWN_CA);
        }
        b.append(addresses(h.plexMode().lanAliases(), h.port())).append(" {\n");
        b.append("\ttls ").append(tls instanceof FrontendRequest.Tls.Files f ? files(f) : "internal").append('\n');
        handlers(b, h, upstream, h.plexMode().publicHostGuard());
        b.append("}\n");
    }

    private static void handlers(StringBuilder b, PlexHost h, String upstream, boolean guard) {
        String indent = guard ? "\t\t" : "\t";
        if (guard) {
            indented(b, "\t", GUARD);
        }
        if (!h.plexMode().webSockets()) {
            b.append(indent).append("# WebSockets are off for ").append(h.name())
                    .append(": Plex's notification sockets get 403 here.\n");
            b.append(indent).append("respond ").append(WEBSOCKETS).append(" 403\n");
        }
        b.append(indent).append("reverse_proxy ").append(upstream).append(" {\n");
        b.append(indent).append("\t# Flush after every write: streams and Range replies are never held back.\n");
        b.append(indent).append("\tflush_interval -1\n");
        if (h.plexMode().forwardClientIp()) {
            b.append(indent).append("\theader_up X-Real-IP {remote_host}\n");
        } else {
            indented(b, indent + "\t", NO_CLIENT_ADDRESS);
        }
        b.append(indent).append("}\n");
        if (guard) {
            b.append("\t}\n");
        }
    }

    /** Every line of {@code text} after {@code indent}. */
    private static void indented(StringBuilder b, String indent, String text) {
        text.lines().forEach(line -> b.append(indent).append(line).append('\n'));
    }

    /** A site's addresses: the bare name on 443, {@code name:port} elsewhere. */
    private static String addresses(List<String> names, int port) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(port == PlexHost.DEFAULT_PORT ? n : n + ":" + port);
        }
        return String.join(", ", out);
    }

    private static String files(FrontendRequest.Tls.Files f) {
        return CertificateFiles.token("tls-cert", f.cert()) + " " + CertificateFiles.token("tls-key", f.key());
    }

}
