package io.doorman.frontends;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nginx (1.22 and later) in front of Doorman: {@code doorman.conf} for {@code /etc/nginx/conf.d/}, read inside
 * nginx's {@code http {}}, with one TLS server per host and one for a host's LAN aliases. Filled from the templates
 * under {@code resources/io/doorman/frontends/nginx/}.
 */
public final class NginxConfig implements FrontendRenderer {

    static final String FILE = "doorman.conf";
    /** 1 for a client outside {@link LanRanges}: one variable for every guarded server. */
    static final String PUBLIC_CLIENT = "$doorman_public_client";

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        if (request.tls() instanceof FrontendRequest.Tls.Internal) {
            throw new IllegalArgumentException("tls: 'internal' is Caddy's own CA, which nginx does not have: give"
                    + " --tls-cert and --tls-key, or neither for certbot's files");
        }
        String doorman = DoormanUpstream.authority(request.doorman());
        StringBuilder servers = new StringBuilder();
        boolean guarded = false;
        for (PlexHost h : request.hosts()) {
            servers.append(publicServer(h, request.tls(), doorman));
            if (!h.plexMode().lanAliases().isEmpty()) {
                servers.append(lanServer(h, request.tls(), doorman));
                guarded |= h.plexMode().publicHostGuard();
            }
        }
        return List.of(new RenderedFile(FILE, Template.load("nginx/doorman.conf").fill(Map.of(
                "guard", guarded ? publicClientGeo() : "",
                "servers", servers.toString()))));
    }

    private static String publicServer(PlexHost h, FrontendRequest.Tls tls, String doorman) {
        Map<String, String> v = common(h, doorman);
        v.put("about", "# " + h.name() + ": " + h.customUrl());
        v.put("serverNames", String.join(" ", h.domains()));
        if (tls instanceof FrontendRequest.Tls.Files f) {
            v.put("certificateNote", "");
            files(v, f);
        } else {
            String first = h.domains().get(0);
            v.put("certificateNote", "# No certificate files given: certbot's for " + first + ", from\n"
                    + "# certbot certonly " + String.join(" ", h.domains().stream().map(d -> "-d " + d).toList()));
            v.put("certificate", "/etc/letsencrypt/live/" + first + "/fullchain.pem");
            v.put("certificateKey", "/etc/letsencrypt/live/" + first + "/privkey.pem");
        }
        v.put("publicHostGuard", "");
        return Template.load("nginx/server.conf").fill(v);
    }

    private static String lanServer(PlexHost h, FrontendRequest.Tls tls, String doorman) {
        Map<String, String> v = common(h, doorman);
        v.put("about", "# " + h.name() + "'s LAN aliases.");
        v.put("serverNames", String.join(" ", h.plexMode().lanAliases()));
        if (tls instanceof FrontendRequest.Tls.Files f) {
            v.put("certificateNote", "# The certificate files given, which must name these too.");
            files(v, f);
        } else {
            String first = h.plexMode().lanAliases().get(0);
            v.put("certificateNote", "# No public CA signs a LAN name: put a certificate for these from your own CA"
                    + " here.");
            v.put("certificate", "/etc/nginx/tls/" + first + ".crt");
            v.put("certificateKey", "/etc/nginx/tls/" + first + ".key");
        }
        v.put("publicHostGuard", h.plexMode().publicHostGuard() ? """

                # The public Host guard: these names are for the LAN, so anyone else asking for them gets 404.
                if (%s) {
                    return 404;
                }""".formatted(PUBLIC_CLIENT) : "");
        return Template.load("nginx/server.conf").fill(v);
    }

    /** What a host's public and LAN servers share: the port, Doorman, and the host's Plex Mode. */
    private static Map<String, String> common(PlexHost h, String doorman) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("port", Integer.toString(h.port()));
        v.put("doorman", doorman);
        v.put("refuseWebSockets", h.plexMode().webSockets() ? "" : """

                # WebSockets are off for %s: Plex's notification sockets get 403 here.
                location /:/websockets/ {
                    return 403;
                }""".formatted(h.name()));
        v.put("clientAddress", h.plexMode().forwardClientIp() ? """
                proxy_set_header X-Real-IP $remote_addr;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;""" : """
                # forwardClientIp is off: Doorman still needs the client's address (its audit lines and blocks
                # tell clients apart by it) and leaves it out of what it sends PMS for this host.
                proxy_set_header X-Real-IP "";
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;""");
        return v;
    }

    private static void files(Map<String, String> v, FrontendRequest.Tls.Files f) {
        v.put("certificate", CertificateFiles.token("tls-cert", f.cert()));
        v.put("certificateKey", CertificateFiles.token("tls-key", f.key()));
    }

    /** {@link #PUBLIC_CLIENT}: 0 for the LAN, 1 for everyone else. */
    private static String publicClientGeo() {
        StringBuilder b = new StringBuilder("\n# The public Host guard's test: 0 for a client on the LAN, 1 for anyone"
                + " else.\n# The LAN: ").append(LanRanges.IN_WORDS).append(".\n");
        b.append("geo $remote_addr ").append(PUBLIC_CLIENT).append(" {\n    default 1;\n");
        for (String cidr : LanRanges.CIDRS) {
            b.append("    ").append(cidr).append(" 0;\n");
        }
        return b.append("}").toString();
    }
}
