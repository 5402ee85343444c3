package io.doorman.cli;

import io.doorman.frontends.Hosts;
import io.doorman.frontends.PlexHost;
import io.doorman.proxy.ExchangeListener;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.RequestDecision;
import io.doorman.proxy.RequestBody;
import io.doorman.proxy.RequestHead;
import io.doorman.proxy.RequestPolicy;
import io.doorman.proxy.ResponseAction;
import io.doorman.proxy.ResponseHead;
import io.doorman.proxy.ResponsePolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Live TV for shared users per host: a request to a host with it off passes through untouched (the user's own
 * token, nothing elevated, nothing rewritten); one to a host with it on goes to the Live TV hooks of the PMS that
 * host routes to, so a shared user's token is checked against the server they are asking. A request on no host's
 * route (no hosts configured) goes to the {@code --upstream} PMS's hooks, as before hosts existed.
 */
final class HostLiveTvGate implements RequestPolicy, ResponsePolicy, ExchangeListener {

    private static final CompletableFuture<RequestDecision> FORWARD = CompletableFuture.completedFuture(
            RequestDecision.FORWARD);

    private final ProxyHooks primary;
    private final LiveTvWiring wiring;

    private HostLiveTvGate(ProxyHooks primary, LiveTvWiring wiring) {
        this.primary = primary;
        this.wiring = wiring;
    }

    /** {@code primary} (the {@code --upstream} PMS's hooks) with each request sent to its host's PMS's hooks. */
    static ProxyHooks gate(ProxyHooks primary, LiveTvWiring wiring) {
        HostLiveTvGate gate = new HostLiveTvGate(primary, wiring);
        return new ProxyHooks(gate, gate, gate, primary.redactor(), primary.sightings());
    }

    /** Whether any host wants Live TV for shared users. */
    static boolean anyWants(Hosts hosts) {
        return hosts.all().stream().anyMatch(h -> h.plexMode().liveTv());
    }

    /** The hooks that decide for this request, or null when its host has Live TV off. */
    private ProxyHooks hooksFor(RequestHead head) {
        Object tag = head.route() == null ? null : head.route().policyTag();
        if (tag instanceof PlexHost h) {
            return h.plexMode().liveTv() ? wiring.forHost(h) : null;
        }
        return primary;
    }

    @Override
    public CompletionStage<RequestDecision> decide(RequestHead head, RequestBody body) {
        ProxyHooks hooks = hooksFor(head);
        return hooks == null ? FORWARD : hooks.requestPolicy().decide(head, body);
    }

    @Override
    public boolean mayTransform(RequestHead request) {
        ProxyHooks hooks = hooksFor(request);
        return hooks != null && hooks.responsePolicy().mayTransform(request);
    }

    @Override
    public ResponseAction onResponse(RequestHead request, Object attachment, ResponseHead response) {
        ProxyHooks hooks = hooksFor(request);
        return hooks == null ? ResponseAction.STREAM : hooks.responsePolicy().onResponse(request, attachment, response);
    }

    @Override
    public void onComplete(RequestHead request, Object attachment, ExchangeOutcome outcome) {
        ProxyHooks hooks = hooksFor(request);
        if (hooks != null) {
            hooks.listener().onComplete(request, attachment, outcome);
        }
    }
}
