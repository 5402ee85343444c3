package io.doorman.proxy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The current {@link RouteTable} with an upstream pool for each of its routes. A reload swaps both at once: a
 * route whose upstream did not change keeps its pool (and its warm connections), and pools no route uses any more
 * are retired, so requests already on their way finish and nothing is dropped.
 */
final class Routing {

    /** One table and the pool of each of its routes (by identity: the routes are the table's own objects). */
    record Snapshot(RouteTable table, Map<Route, UpstreamPool> pools) {

        UpstreamPool poolOf(Route route) {
            return pools.get(route);
        }
    }

    private final Function<Route, UpstreamPool> newPool;
    private volatile Snapshot current;

    /**
     * @param newPool opens a pool for a route; throws {@link IllegalArgumentException} when it cannot (a bad CA)
     */
    Routing(RouteTable table, Function<Route, UpstreamPool> newPool) {
        this.newPool = newPool;
        this.current = build(table, List.of());
    }

    Snapshot current() {
        return current;
    }

    /** Makes {@code table} current; on failure the old one stays. */
    synchronized void replace(RouteTable table) {
        Snapshot old = current;
        List<Map.Entry<Route, UpstreamPool>> reusable = new ArrayList<>(old.pools().entrySet());
        Snapshot next = build(table, reusable);
        current = next;
        for (UpstreamPool p : distinct(old.pools())) {
            if (!next.pools().containsValue(p)) {
                p.retire();
            }
        }
    }

    synchronized void close() {
        distinct(current.pools()).forEach(UpstreamPool::close);
    }

    private Snapshot build(RouteTable table, List<Map.Entry<Route, UpstreamPool>> reusable) {
        Map<Route, UpstreamPool> pools = new IdentityHashMap<>();
        List<UpstreamPool> opened = new ArrayList<>();
        try {
            for (Route r : table.routes()) {
                UpstreamPool p = find(r, reusable);
                if (p == null) {
                    p = find(r, new ArrayList<>(pools.entrySet()));
                }
                if (p == null) {
                    p = newPool.apply(r);
                    opened.add(p);
                }
                pools.put(r, p);
            }
        } catch (RuntimeException e) {
            opened.forEach(UpstreamPool::close);
            throw e;
        }
        return new Snapshot(table, pools);
    }

    private static UpstreamPool find(Route r, List<Map.Entry<Route, UpstreamPool>> candidates) {
        for (Map.Entry<Route, UpstreamPool> e : candidates) {
            if (e.getKey().sameUpstream(r)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<UpstreamPool> distinct(Map<Route, UpstreamPool> pools) {
        List<UpstreamPool> out = new ArrayList<>();
        for (UpstreamPool p : pools.values()) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
