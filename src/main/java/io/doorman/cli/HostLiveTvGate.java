package io.doorman.cli;

import io.doorman.frontends.Hosts;
import io.doorman.frontends.PlexHost;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.RequestDecision;
import io.doorman.proxy.RequestPolicy;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Live TV for shared users per host: a request to a host with it off passes through untouched (the user's own
 * token, nothing elevated); the rest go to the Live TV policy. The policy checks tokens against one PMS, the
 * {@code --upstream} one, so only hosts routed there may have it on.
 */
final class HostLiveTvGate {

    private static final CompletableFuture<RequestDecision> FORWARD = CompletableFuture.completedFuture(
            RequestDecision.FORWARD);

    private HostLiveTvGate() {
    }

    /** {@code hooks} whose request policy asks the Live TV policy only for hosts that have Live TV on. */
    static ProxyHooks gate(ProxyHooks hooks) {
        RequestPolicy liveTv = hooks.requestPolicy();
        RequestPolicy gated = (head, body) -> {
            Object tag = head.route() == null ? null : head.route().policyTag();
            if (tag instanceof PlexHost h && !h.plexMode().liveTv()) {
                return FORWARD;
            }
            return liveTv.decide(head, body);
        };
        return new ProxyHooks(gated, hooks.responsePolicy(), hooks.listener(), hooks.redactor(), hooks.sightings());
    }

    /**
     * {@code hosts} as they are, when every host with Live TV on routes to {@code upstream}.
     *
     * @throws IllegalArgumentException naming the first host that does not
     */
    static Hosts check(Hosts hosts, URI upstream) {
        for (PlexHost h : hosts.all()) {
            if (h.plexMode().liveTv() && !h.upstream().equals(upstream)) {
                throw new IllegalArgumentException("host '" + h.name() + "' has Live TV for shared users on, but it"
                        + " routes to " + h.upstream() + ": Live TV elevation works for the PMS at --upstream ("
                        + upstream + ") only; point that host's upstream there or turn its Live TV off");
            }
        }
        return hosts;
    }

    /** Whether any host wants Live TV for shared users. */
    static boolean anyWants(Hosts hosts) {
        return hosts.all().stream().anyMatch(h -> h.plexMode().liveTv());
    }
}
