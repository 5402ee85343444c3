package io.doorman.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which route a request takes by its {@code Host}: a plain value, replaced whole on reload. With no hosts
 * configured every request takes the one default route; with hosts, an unknown name takes none (the engine answers
 * 404 and nothing reaches a PMS).
 */
public final class RouteTable {

    private final Map<String, Route> byName;
    private final Route fallback;

    private RouteTable(Map<String, Route> byName, Route fallback) {
        this.byName = byName;
        this.fallback = fallback;
    }

    /** Every request to {@code route}, whatever its {@code Host}. */
    public static RouteTable single(Route route) {
        return new RouteTable(Map.of(), route);
    }

    /**
     * Requests to the route of their host name; names are matched without case, port or trailing dot.
     *
     * @throws IllegalArgumentException when a name is empty
     */
    public static RouteTable byHost(Map<String, Route> routes) {
        Map<String, Route> m = new LinkedHashMap<>();
        routes.forEach((name, route) -> {
            String n = normalized(name);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("a route needs a host name");
            }
            m.put(n, route);
        });
        return new RouteTable(Map.copyOf(m), null);
    }

    /** The route for a request's {@code Host} header (null or absent allowed), or null when there is none. */
    public Route find(String hostHeader) {
        if (fallback != null) {
            return fallback;
        }
        return hostHeader == null ? null : byName.get(normalized(hostHeader));
    }

    /** Every distinct route, in a stable order. */
    public List<Route> routes() {
        if (fallback != null) {
            return List.of(fallback);
        }
        List<Route> out = new ArrayList<>();
        for (Route r : byName.values()) {
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether requests are told apart by host (an unknown one then gets 404). */
    public boolean routesByHost() {
        return fallback == null;
    }

    /** A {@code Host} value as a name: lower case, no port, no trailing dot; an IPv6 literal keeps its brackets. */
    static String normalized(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(']') < colon && (h.startsWith("[") || h.indexOf(':') == colon)) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
