package io.doorman.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Turns the proxy's Micrometer counters into per-second rates for the dashboard's traffic chart: requests answered
 * ({@code doorman.requests}, every status class), body bytes both ways ({@code doorman.response.bytes} and
 * {@code doorman.request.bytes}) and errors (answers with a 5xx status, which include Doorman's own 502 and 504
 * when PMS fails). Each sample is the rate since the previous one; one sampler per reader.
 */
public final class TrafficSampler {

    /** Rates over the interval ending at {@code t}. */
    public record Traffic(Instant t, double requestsPerSecond, double bytesPerSecond, double errorsPerSecond) {
    }

    /** The counters' running totals. */
    public record Totals(double requests, double bytes, double errors) {
    }

    static final String REQUESTS = "doorman.requests";
    static final String RESPONSE_BYTES = "doorman.response.bytes";
    static final String REQUEST_BYTES = "doorman.request.bytes";

    private final MeterRegistry registry;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private Totals last;
    private long lastNanos;

    public TrafficSampler(MeterRegistry registry) {
        this(registry, Clock.systemUTC(), System::nanoTime);
    }

    /** The first {@link #sample()} is the rate since this constructor ran. */
    public TrafficSampler(MeterRegistry registry, Clock clock, LongSupplier nanoTime) {
        this.registry = registry;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.last = totals();
        this.lastNanos = nanoTime.getAsLong();
    }

    /** The counters now (zero for those the proxy has not registered, e.g. before it started). */
    public Totals totals() {
        double requests = 0;
        double errors = 0;
        for (Counter c : registry.find(REQUESTS).counters()) {
            requests += c.count();
            if ("5xx".equals(c.getId().getTag("status"))) {
                errors += c.count();
            }
        }
        return new Totals(requests, sum(RESPONSE_BYTES) + sum(REQUEST_BYTES), errors);
    }

    /** The rates since the previous sample; zero when no time has passed. */
    public synchronized Traffic sample() {
        Totals now = totals();
        long nanos = nanoTime.getAsLong();
        double seconds = (nanos - lastNanos) / 1e9;
        Traffic t = seconds <= 0 ? new Traffic(clock.instant(), 0, 0, 0)
                : new Traffic(clock.instant(), rate(now.requests() - last.requests(), seconds),
                        rate(now.bytes() - last.bytes(), seconds), rate(now.errors() - last.errors(), seconds));
        last = now;
        lastNanos = nanos;
        return t;
    }

    private double sum(String name) {
        double total = 0;
        for (Counter c : registry.find(name).counters()) {
            total += c.count();
        }
        return total;
    }

    /** A counter never goes down; a registry replaced under us would, and a chart must not show that as negative. */
    private static double rate(double delta, double seconds) {
        return delta <= 0 ? 0 : delta / seconds;
    }
}
