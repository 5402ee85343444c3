package io.doorman.frontends;

import io.doorman.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The systemd units for a setup: {@code doorman.service} always; with a Cloudflare Tunnel in front of any host also
 * {@code cloudflared-media.service} and the health check that restarts it ({@code doorman-health.service} and its
 * timer). Filled from the templates under {@code resources/io/doorman/frontends/systemd/}; the same units in
 * {@code deploy/systemd/} are this renderer's output for the default setup (a test holds them to it).
 */
public final class SystemdUnits implements FrontendRenderer {

    /** Where Doorman listens unless told otherwise; the env file's {@code DOORMAN_LISTEN} says the same. */
    static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 33240);
    /** The first port an unprivileged process may bind (Linux's {@code ip_unprivileged_port_start}). */
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        HostPort listen = request.doorman();
        if (listen.port() == 0) {
            throw new IllegalArgumentException("doorman: port 0 is not an address a frontend can forward to");
        }
        List<RenderedFile> files = new ArrayList<>();
        files.add(new RenderedFile("doorman.service", doormanService(listen)));
        if (request.hosts().stream().anyMatch(h -> h.frontend() == FrontendKind.CLOUDFLARED)) {
            files.add(new RenderedFile("cloudflared-media.service", cloudflaredService(request, listen)));
            files.add(new RenderedFile("doorman-health.service", healthService(listen)));
            files.add(new RenderedFile("doorman-health.timer", Template.load("systemd/doorman-health.timer")
                    .fill(Map.of())));
        }
        return List.copyOf(files);
    }

    private static String doormanService(HostPort listen) {
        boolean custom = !listen.equals(DEFAULT_LISTEN);
        boolean privileged = listen.port() < FIRST_UNPRIVILEGED_PORT;
        return Template.load("systemd/doorman.service").fill(Map.of(
                "listen", listen.toString(),
                "listenNote", custom
                        ? "# --listen as a flag too: the frontend generated with this unit forwards to " + listen
                                + ", and\n# a flag beats DOORMAN_LISTEN in the env file."
                        : "",
                "listenFlag", custom ? " --listen " + listen : "",
                "capabilityNote", privileged
                        ? "# Port " + listen.port() + " is below 1024: binding it takes CAP_NET_BIND_SERVICE, the"
                                + " only capability kept."
                        : "# Ports from 1024 up need no capability: the bounding set is empty. (For a port below"
                                + " 1024 add\n# CapabilityBoundingSet=CAP_NET_BIND_SERVICE and"
                                + " AmbientCapabilities=CAP_NET_BIND_SERVICE.)",
                "bindCapability", privileged ? "CAP_NET_BIND_SERVICE" : ""));
    }

    private static String cloudflaredService(FrontendRequest request, HostPort listen) {
        String tunnel = request.tunnel();
        return Template.load("systemd/cloudflared-media.service").fill(Map.of(
                "tunnel", tunnel,
                "listen", listen.toString()));
    }

    private static String healthService(HostPort listen) {
        boolean custom = !listen.equals(DEFAULT_LISTEN);
        return Template.load("systemd/doorman-health.service").fill(Map.of(
                "originNote", custom
                        ? "# --origin-url: Doorman listens where doorman.service's --listen says, whatever"
                                + " DOORMAN_LISTEN says."
                        : "",
                "originFlag", custom ? " --origin-url " + originUrl(listen) : ""));
    }

    /** Doorman's identity URL on {@code listen}, through loopback when it listens on every interface. */
    private static String originUrl(HostPort listen) {
        return "http://" + listen.reachableLocally() + "/identity";
    }
}
