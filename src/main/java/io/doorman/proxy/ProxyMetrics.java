package io.doorman.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The engine's Prometheus meters, resolved once so recording a request is a few atomic adds. */
final class ProxyMetrics {

    private final Counter[] requestsByClass = new Counter[6];
    private final Counter responseBytes;
    private final Counter requestBytes;
    private final Timer latency;
    final AtomicInteger activeConnections = new AtomicInteger();
    final AtomicInteger activeRequests = new AtomicInteger();
    final AtomicInteger upstreamIdle = new AtomicInteger();
    final AtomicInteger upstreamBusy = new AtomicInteger();
    final AtomicInteger upstreamWaiting = new AtomicInteger();
    private final Counter upstreamConnects;
    private final Counter upstreamRetries;
    private final Counter upstreamFailures;
    private final Counter upstreamTimeouts;
    private final Counter webSockets;
    final AtomicLong accessLogDropped = new AtomicLong();

    ProxyMetrics(MeterRegistry r) {
        String[] classes = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int i = 0; i < classes.length; i++) {
            requestsByClass[i] = Counter.builder("doorman.requests")
                    .description("Requests answered, by status class").tag("status", classes[i]).register(r);
        }
        responseBytes = Counter.builder("doorman.response.bytes").baseUnit("bytes")
                .description("Response body bytes sent to clients").register(r);
        requestBytes = Counter.builder("doorman.request.bytes").baseUnit("bytes")
                .description("Request body bytes received from clients").register(r);
        latency = Timer.builder("doorman.request.duration")
                .description("From request head to last response byte")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(r);
        Gauge.builder("doorman.connections.active", activeConnections, AtomicInteger::get)
                .description("Open client connections").register(r);
        Gauge.builder("doorman.requests.active", activeRequests, AtomicInteger::get)
                .description("Requests in flight").register(r);
        Gauge.builder("doorman.upstream.pool.connections", upstreamIdle, AtomicInteger::get)
                .tag("state", "idle").description("Upstream connections by state").register(r);
        Gauge.builder("doorman.upstream.pool.connections", upstreamBusy, AtomicInteger::get)
                .tag("state", "busy").description("Upstream connections by state").register(r);
        Gauge.builder("doorman.upstream.pool.waiting", upstreamWaiting, AtomicInteger::get)
                .description("Requests waiting for an upstream connection (the per-thread cap is reached)").register(r);
        upstreamConnects = Counter.builder("doorman.upstream.connects").description("New upstream connections")
                .register(r);
        upstreamRetries = Counter.builder("doorman.upstream.retries")
                .description("Requests retried after a stale pooled connection").register(r);
        upstreamFailures = Counter.builder("doorman.upstream.failures")
                .description("Requests answered 502 because PMS could not be reached or broke off").register(r);
        upstreamTimeouts = Counter.builder("doorman.upstream.timeouts")
                .description("Requests answered 504 because PMS did not answer in time").register(r);
        webSockets = Counter.builder("doorman.websockets").description("WebSocket upgrades relayed").register(r);
        Gauge.builder("doorman.accesslog.dropped", accessLogDropped, AtomicLong::get)
                .description("Access log lines dropped because the writer fell behind").register(r);
    }

    void recordExchange(int status, long bytesOut, long bytesIn, long nanos) {
        int cls = status >= 100 && status < 600 ? status / 100 : 0;
        requestsByClass[cls].increment();
        if (bytesOut > 0) {
            responseBytes.increment(bytesOut);
        }
        if (bytesIn > 0) {
            requestBytes.increment(bytesIn);
        }
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void upstreamConnect() {
        upstreamConnects.increment();
    }

    void upstreamRetry() {
        upstreamRetries.increment();
    }

    void upstreamFailure() {
        upstreamFailures.increment();
    }

    void upstreamTimeout() {
        upstreamTimeouts.increment();
    }

    void webSocket() {
        webSockets.increment();
    }
}
