package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code doorman health}: the runbook's Cloudflare Tunnel health timer. Probes the tunnel, the origin and the
 * public URL; with restarts enabled, runs the restart commands the failures call for. A failed probe stays failed
 * in the report even when a restart then succeeds, so the timer's journal shows every outage.
 */
public final class FrontendHealth {

    public static final String METRICS = "tunnel.metrics";
    public static final String CONNECTIONS = "tunnel.connections";
    public static final String ORIGIN = "origin";
    public static final String PUBLIC = "public";
    public static final String RESTART_PROXY = "restart.proxy";
    public static final String RESTART_TUNNEL = "restart.tunnel";

    private static final Set<String> TUNNEL_OR_PUBLIC = Set.of(METRICS, CONNECTIONS, PUBLIC);

    private FrontendHealth() {
    }

    /** Every probe's check (each failure's fix ending with what a restart does), then the restarts' checks. */
    public static List<Check> run(FrontendHealthTargets targets, FrontendRestarts restarts) {
        List<Check> probes = new ArrayList<>();
        new FrontendHealthProbe(targets).run(probes::add);
        boolean originFailed = failed(probes, Set.of(ORIGIN));
        boolean tunnelOrPublicFailed = failed(probes, TUNNEL_OR_PUBLIC);
        List<Check> out = new ArrayList<>();
        for (Check c : probes) {
            out.add(c.status() == Status.FAIL ? withAdvice(c, restarts.advice(originFailed)) : c);
        }
        if (restarts.enabled()) {
            restarts.run(originFailed, tunnelOrPublicFailed, out::add);
        }
        return out;
    }

    private static boolean failed(List<Check> checks, Set<String> ids) {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL && ids.contains(c.id()));
    }

    private static Check withAdvice(Check c, String advice) {
        return new Check(c.id(), c.status(), c.summary(), c.fix() + "; " + advice);
    }
}
