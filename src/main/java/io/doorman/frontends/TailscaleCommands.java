package io.doorman.frontends;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tailscale Serve (tailnet only) or Funnel (the internet) in front of Doorman: a POSIX {@code sh} script with the
 * commands in the syntax of Tailscale 1.52 and later.
 */
public final class TailscaleCommands implements FrontendRenderer {

    static final String FILE = "tailscale-serve.sh";
    /** The ports Tailscale's control plane lets Funnel publish on. */
    static final List<Integer> FUNNEL_PORTS = List.of(443, 8443, 10000);
    static final String TAILNET_SUFFIX = ".ts.net";

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        refuseImpossible(request);
        String target = "http://" + YamlScalar.authority(request.doorman());
        String command = request.funnel() ? "funnel" : "serve";
        StringBuilder b = new StringBuilder("#!/bin/sh\n");
        b.append("# Publishes Doorman (").append(target).append(") with Tailscale ")
                .append(request.funnel() ? "Funnel, on the internet" : "Serve, to the tailnet only")
                .append(",\n# in the syntax of Tailscale 1.52 and later.\n");
        b.append("# --bg keeps each setting across restarts; 'tailscale ").append(command)
                .append(" status' lists them.\n");
        b.append("# Tailscale serves only this machine's own name, <machine>.<tailnet>.ts.net, with a certificate\n");
        b.append("# for that name alone: clients use it, so a host's domain must be that name for its custom server\n");
        b.append("# access URL (and Doorman's routing by Host) to be right.\n");
        if (request.funnel()) {
            b.append("# Funnel needs MagicDNS, HTTPS certificates and the funnel node attribute in the tailnet\n");
            b.append("# policy; its first use prints a consent URL.\n");
        }
        b.append("set -eu\n");
        for (PlexHost h : request.hosts()) {
            b.append('\n');
            hostNotes(b, h, request.funnel());
            b.append("# Undo: tailscale ").append(command).append(" --https=").append(h.port()).append(" off\n");
            b.append("tailscale ").append(command).append(" --bg --https=").append(h.port()).append(' ')
                    .append(target).append('\n');
        }
        return List.of(new RenderedFile(FILE, b.toString()));
    }

    /** Two hosts on one port would share the machine's one name: the second command would replace the first. */
    private static void refuseImpossible(FrontendRequest request) {
        Map<Integer, String> byPort = new HashMap<>();
        for (PlexHost h : request.hosts()) {
            if (request.funnel() && !FUNNEL_PORTS.contains(h.port())) {
                throw new InvalidHostException("port", h.name() + ": port " + h.port() + " is not allowed for"
                        + " Funnel; allowed ports are 443, 8443 and 10000");
            }
            String other = byPort.putIfAbsent(h.port(), h.name());
            if (other != null) {
                throw new InvalidHostException("port", h.name() + " and " + other + " both want port " + h.port()
                        + ", but Tailscale gives this machine one name: give each host its own port");
            }
        }
    }

    private static void hostNotes(StringBuilder b, PlexHost h, boolean funnel) {
        String tailnetName = h.domains().stream().filter(d -> d.endsWith(TAILNET_SUFFIX)).findFirst().orElse(null);
        b.append("# ").append(h.name()).append(": clients use https://")
                .append(tailnetName != null ? tailnetName : "<machine>.<tailnet>.ts.net").append(':')
                .append(h.port()).append(funnel ? " (public, Funnel)" : " (tailnet only)").append('\n');
        if (tailnetName == null) {
            b.append("# WARNING: ").append(String.join(", ", h.domains()))
                    .append(h.domains().size() == 1 ? " is not a tailnet name" : " are not tailnet names")
                    .append(":\n# the custom server access URL will not work through Tailscale. Make this machine's\n");
            b.append("# <machine>.<tailnet>.ts.net the host's domain.\n");
        } else {
            List<String> others = h.domains().stream().filter(d -> !d.equals(tailnetName)).toList();
            if (!others.isEmpty()) {
                b.append("# ").append(String.join(", ", others)).append(" cannot be reached through Tailscale.\n");
            }
        }
        if (!h.plexMode().lanAliases().isEmpty()) {
            b.append("# LAN aliases (").append(String.join(", ", h.plexMode().lanAliases()))
                    .append(") are not served by Tailscale.\n");
        }
        if (!h.plexMode().forwardClientIp()) {
            b.append("# forwardClientIp is off, but Serve always sets X-Forwarded-For to the client's address:\n");
            b.append("# only Doorman can leave it out.\n");
        }
        if (!h.plexMode().webSockets()) {
            b.append("# WebSockets are off, but Serve passes every upgrade: only Doorman can refuse them.\n");
        }
    }
}
