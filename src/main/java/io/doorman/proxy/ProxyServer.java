package io.doorman.proxy;

import io.doorman.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The reverse proxy: accepts clients on {@code settings.listen()} and relays them to {@code settings.upstream()}. */
public final class ProxyServer implements AutoCloseable {

    private final Settings settings;
    private final ProxyHooks hooks;
    private final MeterRegistry meters;

    public ProxyServer(Settings settings, ProxyHooks hooks, MeterRegistry meters) {
        this.settings = settings;
        this.hooks = hooks;
        this.meters = meters;
    }

    /** Binds the listener; returns once it accepts connections. */
    public ProxyServer start() throws StartupException {
        throw new StartupException("not built yet", null);
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        throw new IllegalStateException("not started");
    }

    /** Stops accepting, lets in-flight requests finish for up to {@code drain}, then closes everything. */
    public void shutdown(Duration drain) {
    }

    @Override
    public void close() {
        shutdown(settings.drainTimeout());
    }
}
