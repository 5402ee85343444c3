package io.doorman.cli;

import io.doorman.config.Settings;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.PlexHost;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.Route;
import io.doorman.proxy.RouteTable;
import java.util.LinkedHashMap;
import java.util.Map;

/** The engine's route table for the configured hosts: each host's names to its PMS, in Plex Mode. */
final class HostRoutes {

    private HostRoutes() {
    }

    /** With no hosts, the one {@code --upstream} route; else a route per host, found by every name it has. */
    static RouteTable table(Hosts hosts, Settings s) {
        if (hosts.isEmpty()) {
            return RouteTable.single(ProxyServer.defaultRoute(s));
        }
        Map<String, Route> byName = new LinkedHashMap<>();
        for (PlexHost h : hosts.all()) {
            Route r = route(h);
            h.allNames().forEach(n -> byName.put(n, r));
        }
        return RouteTable.byHost(byName);
    }

    /** A host's route; its {@link PlexHost} is the policies' tag. */
    static Route route(PlexHost h) {
        Route.Forwarding forwarding = h.plexMode().forwardClientIp() ? Route.Forwarding.SINGLE : Route.Forwarding.NONE;
        return new Route(h.name(), h.upstream(), h.upstreamSkipVerify(), forwarding, h.plexMode().webSockets(), h);
    }
}
