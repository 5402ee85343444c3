package io.doorman.console;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.FakePms;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrafficSamplerTest {

    @Test
    void ratesAreTheCountersDeltasOverTheElapsedTime() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        Counter ok = Counter.builder("doorman.requests").tag("status", "2xx").register(r);
        Counter bad = Counter.builder("doorman.requests").tag("status", "5xx").register(r);
        Counter out = Counter.builder("doorman.response.bytes").register(r);
        Counter in = Counter.builder("doorman.request.bytes").register(r);
        ok.increment(4);
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        TrafficSampler s = new TrafficSampler(r, clock, nanos::get);

        ok.increment(6);
        bad.increment(2);
        out.increment(4000);
        in.increment(1000);
        nanos.addAndGet(2_000_000_000L);
        clock.advance(Duration.ofSeconds(2));
        TrafficSampler.Traffic t = s.sample();
        assertThat(t).isEqualTo(new TrafficSampler.Traffic(Instant.parse("2025-01-01T00:00:02Z"), 4, 2500, 1));

        nanos.addAndGet(500_000_000L);
        assertThat(s.sample().requestsPerSecond()).as("nothing since the last sample").isZero();
        assertThat(s.sample().requestsPerSecond()).as("no time passed").isZero();
        assertThat(s.totals()).isEqualTo(new TrafficSampler.Totals(12, 5000, 2));
    }

    @Test
    void withoutTheProxysMetersEveryRateIsZero() {
        TrafficSampler s = new TrafficSampler(new SimpleMeterRegistry());
        assertThat(s.totals()).isEqualTo(new TrafficSampler.Totals(0, 0, 0));
        assertThat(s.sample().bytesPerSecond()).isZero();
    }

    @Test
    void readsTheMetersTheRealProxyRegisters() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpClient http = HttpClient.newHttpClient();
        try (FakePms pms = FakePms.start()) {
            pms.script("/broken", 500, List.of(), "no".getBytes(StandardCharsets.UTF_8));
            Settings settings = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri())
                    .build();
            ProxyServer proxy = new ProxyServer(settings, ProxyHooks.passThrough(PlexTokens::redactTarget), registry)
                    .start();
            try {
                TrafficSampler s = new TrafficSampler(registry);
                for (String path : List.of("/identity", "/identity", "/broken")) {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.address().getPort() + path))
                            .build(), HttpResponse.BodyHandlers.discarding());
                }
                // An exchange is counted once its last byte is written, which may be just after the client has it.
                await().atMost(Duration.ofSeconds(10)).until(() -> s.totals().requests() >= 3);
                TrafficSampler.Totals t = s.totals();
                assertThat(t.requests()).isEqualTo(3);
                assertThat(t.errors()).isEqualTo(1);
                assertThat(t.bytes()).isPositive();
                TrafficSampler.Traffic rate = s.sample();
                assertThat(rate.requestsPerSecond()).isPositive();
                assertThat(rate.errorsPerSecond()).isPositive().isLessThan(rate.requestsPerSecond());
            } finally {
                proxy.shutdown(Duration.ofSeconds(1));
                registry.close();
            }
        }
    }
}
