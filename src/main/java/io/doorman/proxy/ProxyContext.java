package io.doorman.proxy;

import io.doorman.config.Cidr;
import io.doorman.config.Settings;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** What every connection of one proxy shares: settings, hooks, the routes and their pools, metrics and the access log. */
final class ProxyContext {

    final Settings settings;
    final ProxyHooks hooks;
    /** No policy and no listener: requests are forwarded without building a {@link RequestHead}. */
    final boolean passThrough;
    /** Whether a request's Plex client identity is worth reading (a sighting sink is installed). */
    final boolean recordsSightings;
    /** Whether a response policy may want bodies: only then is a response head worth describing to it. */
    final boolean transformsResponses;
    final Routing routing;
    final ProxyMetrics metrics;
    final AccessLog accessLog;
    final ClientAddressResolver resolver;
    final List<Cidr> lan;
    final long responseTimeoutNanos;
    final long headerTimeoutNanos;
    final long idleTimeoutNanos;
    volatile boolean draining;

    ProxyContext(Settings settings, ProxyHooks hooks, Routing routing, ProxyMetrics metrics, AccessLog accessLog) {
        this.settings = settings;
        this.hooks = hooks;
        this.passThrough = passesThrough(hooks);
        this.recordsSightings = hooks.sightings() != ClientSightingSink.NONE;
        this.transformsResponses = hooks.responsePolicy() != ResponsePolicy.STREAM_ALL;
        this.routing = routing;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.resolver = new ClientAddressResolver(settings.trustedProxies());
        this.lan = settings.lanNetworks();
        this.responseTimeoutNanos = settings.responseTimeout().toNanos();
        this.headerTimeoutNanos = settings.headerTimeout().toNanos();
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
    }

    /** Whether these hooks let the engine forward without asking or telling anyone about the request head. */
    static boolean passesThrough(ProxyHooks hooks) {
        return hooks.requestPolicy() == RequestPolicy.PASS_THROUGH
                && hooks.responsePolicy() == ResponsePolicy.STREAM_ALL && hooks.listener() == ExchangeListener.NONE;
    }

    /**
     * Everything that follows a finished exchange: metrics, the access log line, the policy's listener, the
     * sighting sink ({@code plexClient} is null when the request named no client or no sink is installed).
     */
    void recordExchange(RequestHead head, Object attachment, long nanos, InetAddress client,
            boolean local, String method, String target, int status, long bytesOut, long bytesIn, String error,
            PlexClientId plexClient) {
        metrics.activeRequests.decrementAndGet();
        metrics.recordExchange(status, bytesOut, bytesIn, nanos);
        if (accessLog.enabled()) {
            // The start time from the end time and the duration: no wall-clock read per request with the log off.
            long startMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(nanos);
            accessLog.record(new AccessLog.Entry(startMillis, client, local, method, target, status, bytesOut, nanos));
        }
        if (head != null) {
            try {
                hooks.listener().onComplete(head, attachment,
                        new ExchangeListener.ExchangeOutcome(status, bytesOut, bytesIn, nanos, error));
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(ProxyContext.class).warn("exchange listener failed: {}", e.toString());
            }
        }
        if (plexClient != null) {
            try {
                hooks.sightings().sighted(plexClient.identifier(), plexClient.product(), client, local);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(ProxyContext.class).warn("client sighting sink failed: {}", e.toString());
            }
        }
    }
}
