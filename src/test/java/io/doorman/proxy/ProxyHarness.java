package io.doorman.proxy;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.plex.PlexTokens;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.UnaryOperator;

/** A fake PMS and a real {@link ProxyServer} in front of it, on loopback ports chosen by the OS. */
final class ProxyHarness implements AutoCloseable {

    final FakePms pms;
    final ProxyServer proxy;
    final PrometheusMeterRegistry registry;

    private ProxyHarness(FakePms pms, ProxyServer proxy, PrometheusMeterRegistry registry) {
        this.pms = pms;
        this.proxy = proxy;
        this.registry = registry;
    }

    static ProxyHarness start() throws Exception {
        return start(b -> b, null);
    }

    static ProxyHarness start(UnaryOperator<Settings.Builder> settings) throws Exception {
        return start(settings, null);
    }

    static ProxyHarness start(UnaryOperator<Settings.Builder> settings, ProxyHooks hooks) throws Exception {
        FakePms pms = FakePms.start();
        Settings s = settings.apply(new Settings.Builder()
                .listen(new HostPort("127.0.0.1", 0))
                .upstream(pms.baseUri())
                .adminListen(null)
                .ioThreads(2)).build();
        ProxyHooks h = hooks != null ? hooks : ProxyHooks.passThrough(PlexTokens::redactTarget);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyServer proxy = new ProxyServer(s, h, registry).start();
        return new ProxyHarness(pms, proxy, registry);
    }

    InetSocketAddress address() {
        return proxy.address();
    }

    URI uri(String target) {
        return URI.create("http://127.0.0.1:" + proxy.address().getPort() + target);
    }

    RawHttp connect() {
        return RawHttp.connect(address());
    }

    RawHttp connect(java.time.Duration readTimeout) {
        return RawHttp.connect(address(), readTimeout);
    }

    @Override
    public void close() {
        proxy.shutdown(java.time.Duration.ofSeconds(1));
        pms.close();
    }
}
