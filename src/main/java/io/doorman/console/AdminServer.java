package io.doorman.console;

import io.doorman.config.HostPort;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.StartupException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;

/** The admin listener: {@code /healthz}, {@code /readyz} and Prometheus {@code /metrics}. */
public final class AdminServer implements AutoCloseable {

    private final HostPort listen;
    private final PrometheusMeterRegistry registry;
    private final ProxyServer proxy;

    public AdminServer(HostPort listen, PrometheusMeterRegistry registry, ProxyServer proxy) {
        this.listen = listen;
        this.registry = registry;
        this.proxy = proxy;
    }

    /** Binds the admin listener. */
    public AdminServer start() throws StartupException {
        throw new StartupException("not built yet", null);
    }

    public InetSocketAddress address() {
        throw new IllegalStateException("not started");
    }

    @Override
    public void close() {
    }
}
