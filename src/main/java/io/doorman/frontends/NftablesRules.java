package io.doorman.frontends;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The host firewall beside the frontend ({@code doorman.nft}), in the runbook's order: loopback, established
 * connections, the frontend's public ports, the LAN to PMS and Doorman, then PMS's and Doorman's ports dropped for
 * everyone else. Never a redirect of 32400 into Doorman (seed 000's "Bad" rule). Filled from
 * {@code resources/io/doorman/frontends/nftables/doorman.nft}.
 */
public final class NftablesRules implements FrontendRenderer {

    /** PMS's own port: clients with a {@code plex.direct} URL speak TLS to it. */
    static final int PMS_PORT = 32400;
    /** The frontends that accept connections on the host's public port; the others arrive from outside it. */
    private static final Set<FrontendKind> LISTENING = EnumSet.of(FrontendKind.CADDY, FrontendKind.NGINX,
            FrontendKind.TRAEFIK);

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        int doormanPort = request.doorman().port();
        Set<Integer> closed = new TreeSet<>(List.of(PMS_PORT, doormanPort));
        return List.of(new RenderedFile("doorman.nft", Template.load("nftables/doorman.nft").fill(Map.of(
                "doormanPort", Integer.toString(doormanPort),
                "closedPorts", closed.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                "frontendRules", frontendRules(request.hosts(), closed)))));
    }

    /** One accept per public port of a listening frontend, and a note for each host that needs none. */
    private static String frontendRules(List<PlexHost> hosts, Set<Integer> closed) {
        // Port → frontend kind → that kind's domains on the port, all in a stable order.
        Map<Integer, Map<FrontendKind, List<String>>> open = new TreeMap<>();
        StringBuilder none = new StringBuilder();
        for (PlexHost h : hosts) {
            if (LISTENING.contains(h.frontend())) {
                if (closed.contains(h.port())) {
                    throw new InvalidHostException("port", "host '" + h.name() + "' publishes port " + h.port()
                            + ", which this firewall keeps closed for PMS and Doorman");
                }
                open.computeIfAbsent(h.port(), p -> new LinkedHashMap<>())
                        .computeIfAbsent(h.frontend(), k -> new ArrayList<>()).add(h.domains().get(0));
            } else {
                none.append("# No inbound port for ").append(h.domains().get(0)).append(" (").append(h.frontend().id())
                        .append("): ").append(whyNoPort(h.frontend())).append('\n');
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Integer, Map<FrontendKind, List<String>>> port : open.entrySet()) {
            String who = port.getValue().entrySet().stream()
                    .map(e -> e.getKey().id() + " for " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; "));
            out.append("# The HTTPS frontend, open to everyone: ").append(who).append('.').append('\n');
            out.append("tcp dport ").append(port.getKey()).append(" accept comment \"doorman: HTTPS frontend\"\n");
            out.append('\n');
        }
        out.append(none);
        if (open.isEmpty()) {
            out.append("# No HTTPS frontend listens on this machine, so no port is opened here.\n");
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static String whyNoPort(FrontendKind kind) {
        return switch (kind) {
            case CLOUDFLARED -> "the tunnel connects out to Cloudflare.";
            case TAILSCALE -> "Serve and Funnel arrive through tailscaled's own tunnel.";
            case CADDY, NGINX, TRAEFIK -> throw new IllegalArgumentException(kind.id() + " listens on a port");
        };
    }
}
