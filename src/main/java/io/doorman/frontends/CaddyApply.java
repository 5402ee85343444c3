package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorman.frontends.CaddyAdmin.Snapshot;
import io.doorman.frontends.CaddyAdmin.WriteResult;
import io.doorman.frontends.CaddyApplyResult.Outcome;
import io.doorman.frontends.CaddyApplyResult.Probe;
import io.doorman.frontends.CaddyConfigMerge.Placement;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies Doorman's Caddy site to a running Caddy beside the user's own sites: read the config, adapt the site,
 * merge it in ({@link CaddyConfigMerge}), write it only over the config that was read ({@code If-Match}, re-read
 * and retried on 412), ask each public name through Caddy whether Doorman answers, and put the previous config
 * back, exactly as read, on any failure after the write.
 */
public final class CaddyApply {

    /** How many times a write that lost a race (HTTP 412) is re-read, re-merged and tried again. */
    static final int ATTEMPTS = 3;
    static final String WEBSOCKETS = "Caddy 2.6 closes every open WebSocket connection when its config changes:"
            + " Plex apps reconnect on their own, but a web app may show \"disconnected\" for a moment.";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_PATIENCE = Duration.ofSeconds(20);

    private final CaddyAdmin admin;
    private final Duration probeTimeout;
    private final Duration probePatience;
    private final Runnable beforeWrite;

    /**
     * @param probePatience how long a probe keeps trying while Caddy gets its certificate ready
     * @param beforeWrite   runs just before each write (tests change the config there to lose the race)
     */
    CaddyApply(CaddyAdmin admin, Duration probeTimeout, Duration probePatience, Runnable beforeWrite) {
        this.admin = admin;
        this.probeTimeout = probeTimeout;
        this.probePatience = probePatience;
        this.beforeWrite = beforeWrite;
    }

    /**
     * Applies {@code caddyfile} (Doorman's site blocks) to the Caddy whose admin API is at {@code adminUri}, then
     * probes each of {@code domains} through Caddy on {@code port}.
     *
     * @throws IllegalArgumentException if {@code adminUri} is not an http(s) URL
     */
    public static CaddyApplyResult apply(URI adminUri, String caddyfile, List<String> domains, int port) {
        return apply(adminUri, caddyfile, domains.stream().map(d -> new Site(d, port)).toList());
    }

    /**
     * As {@link #apply(URI, String, List, int)}, for sites on several ports.
     *
     * @throws IllegalArgumentException if {@code adminUri} is not an http(s) URL
     */
    public static CaddyApplyResult apply(URI adminUri, String caddyfile, List<Site> sites) {
        return new CaddyApply(new CaddyAdmin(adminUri, ADMIN_TIMEOUT), PROBE_TIMEOUT, PROBE_PATIENCE, () -> {
        }).run(caddyfile, sites);
    }

    /** A public name Doorman's site serves, and the port Caddy serves it on. */
    public record Site(String domain, int port) {

        /** Every name the hosts serve (domains and LAN aliases) with its port: what is probed through Caddy. */
        public static List<Site> of(List<PlexHost> hosts) {
            List<Site> out = new ArrayList<>();
            for (PlexHost h : hosts) {
                h.allNames().forEach(n -> out.add(new Site(n, h.port())));
            }
            return out;
        }
    }

    CaddyApplyResult run(String caddyfile, List<String> domains, int port) {
        return run(caddyfile, domains.stream().map(d -> new Site(d, port)).toList());
    }

    CaddyApplyResult run(String caddyfile, List<Site> sites) {
        CaddyAdmin.Adapted adapted;
        try {
            adapted = admin.adapt(caddyfile);
        } catch (CaddyAdminException e) {
            return refused(e.getMessage(), List.of(), List.of());
        }
        List<String> warnings = adapted.warnings();
        for (int attempt = 1; ; attempt++) {
            Snapshot before;
            try {
                before = admin.config();
            } catch (CaddyAdminException e) {
                return refused(e.getMessage(), List.of(), warnings);
            }
            CaddyConfigMerge.Outcome merged = CaddyConfigMerge.merge(before.config(), adapted.config());
            if (merged instanceof CaddyConfigMerge.Outcome.Refused r) {
                return refused(r.reason(), List.of(), warnings);
            }
            var m = (CaddyConfigMerge.Outcome.Merged) merged;
            List<Target> targets;
            try {
                targets = targets(m, sites);
            } catch (CaddyRefusal e) {
                return refused(e.getMessage(), m.changes(), warnings);
            }
            if (m.changes().isEmpty()) {
                return new CaddyApplyResult(new Outcome.Unchanged(), List.of(), probe(targets), warnings, List.of());
            }
            beforeWrite.run();
            WriteResult written;
            try {
                written = admin.replaceConfig(m.config(), before.ifMatch());
            } catch (CaddyAdminException e) {
                // Whether Caddy took it is unknown: put the old one back (a no-op if it is still running).
                return rollBack(before, "writing the new config failed: " + e.getMessage(), m.changes(), List.of(),
                        warnings);
            }
            switch (written) {
                case WriteResult.Stale s -> {
                    if (attempt >= ATTEMPTS) {
                        return refused("Caddy's config changed under Doorman " + ATTEMPTS + " times in a row (HTTP"
                                + " 412 each time); nothing was written: try again", m.changes(), warnings);
                    }
                    continue;
                }
                case WriteResult.Rejected r -> {
                    return refused("Caddy refused the new config and kept the old one: " + r.message(),
                            m.changes(), warnings);
                }
                case WriteResult.Written w -> {
                    List<Probe> probes = probe(targets);
                    Optional<Probe> failed = probes.stream().filter(p -> !p.reachedDoorman()).findFirst();
                    if (failed.isPresent()) {
                        return rollBack(before, "the probe of " + failed.get().domain() + " through Caddy failed: "
                                + failed.get().detail(), m.changes(), probes, warnings);
                    }
                    return new CaddyApplyResult(new Outcome.Applied(), m.changes(), probes, warnings,
                            List.of(WEBSOCKETS));
                }
            }
        }
    }

    /** Where to probe one public name: Caddy's listener that has its route. */
    private record Target(String domain, String host, int port, boolean tls) {
    }

    private static List<Target> targets(CaddyConfigMerge.Outcome.Merged m, List<Site> sites) throws CaddyRefusal {
        if (sites.isEmpty()) {
            throw new CaddyRefusal("no public name to apply: give at least one domain");
        }
        List<Target> out = new ArrayList<>();
        for (Site site : sites) {
            String domain = site.domain();
            int port = site.port();
            // Caddy serves TLS on every port but its HTTP port once a site has a host name.
            boolean tls = port != m.config().path("apps").path("http").path("http_port").asInt(80);
            String d = domain.toLowerCase(Locale.ROOT);
            Placement p = m.placements().stream()
                    .filter(pl -> pl.hosts().stream().anyMatch(h -> h.equalsIgnoreCase(d))).findFirst()
                    .orElseThrow(() -> new CaddyRefusal("the generated Caddyfile has no site for " + domain));
            CaddyListen listen = p.listen().stream().map(CaddyListen::parse).flatMap(Optional::stream)
                    .filter(l -> l.hasPort(port)).findFirst()
                    .orElseThrow(() -> new CaddyRefusal("Doorman's site for " + domain + " is served by server "
                            + p.server() + " on " + String.join(", ", p.listen()) + ", not on port " + port));
            out.add(new Target(domain, listen.probeHost(), port, tls));
        }
        return out;
    }

    private List<Probe> probe(List<Target> targets) {
        List<Probe> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(CaddySiteProbe.probe(t.domain(), t.host(), t.port(), t.tls(), probeTimeout, probePatience));
        }
        return out;
    }

    private CaddyApplyResult rollBack(Snapshot before, String reason, List<String> changes, List<Probe> probes,
            List<String> warnings) {
        List<String> notes = List.of(WEBSOCKETS);
        String previous = new String(before.raw(), StandardCharsets.UTF_8);
        try {
            admin.load(before.raw());
            JsonNode now = admin.config().config();
            if (!now.equals(before.config())) {
                return new CaddyApplyResult(new Outcome.RollbackFailed(reason, "Caddy took the previous config back"
                        + " but now runs a different one (did something else change it?)", previous), changes,
                        probes, warnings, notes);
            }
            return new CaddyApplyResult(new Outcome.RolledBack(reason), changes, probes, warnings, notes);
        } catch (CaddyAdminException e) {
            return new CaddyApplyResult(new Outcome.RollbackFailed(reason, e.getMessage(), previous), changes,
                    probes, warnings, notes);
        }
    }

    private static CaddyApplyResult refused(String reason, List<String> changes, List<String> warnings) {
        return new CaddyApplyResult(new Outcome.Refused(reason), changes, List.of(), warnings, List.of());
    }
}
