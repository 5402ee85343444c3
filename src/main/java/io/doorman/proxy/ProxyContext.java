package io.doorman.proxy;

import io.doorman.config.Cidr;
import io.doorman.config.Settings;
import java.util.List;

/** What every connection of one proxy shares: settings, hooks, the upstream pool, metrics and the access log. */
final class ProxyContext {

    final Settings settings;
    final ProxyHooks hooks;
    final boolean passThrough;
    final UpstreamPool pool;
    final ProxyMetrics metrics;
    final AccessLog accessLog;
    final ClientAddressResolver resolver;
    final List<Cidr> lan;
    final String upstreamAuthority;
    final long responseTimeoutNanos;
    final long headerTimeoutNanos;
    final long idleTimeoutNanos;
    volatile boolean draining;

    ProxyContext(Settings settings, ProxyHooks hooks, UpstreamPool pool, ProxyMetrics metrics, AccessLog accessLog) {
        this.settings = settings;
        this.hooks = hooks;
        this.passThrough = hooks.requestPolicy() == RequestPolicy.PASS_THROUGH
                && hooks.responsePolicy() == ResponsePolicy.STREAM_ALL && hooks.listener() == ExchangeListener.NONE;
        this.pool = pool;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.resolver = new ClientAddressResolver(settings.trustedProxies());
        this.lan = settings.lanNetworks();
        this.upstreamAuthority = settings.upstream().getRawAuthority();
        this.responseTimeoutNanos = settings.responseTimeout().toNanos();
        this.headerTimeoutNanos = settings.headerTimeout().toNanos();
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
    }
}
