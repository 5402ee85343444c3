package io.doorman.console;

import io.doorman.store.TrafficHistory;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the proxy's traffic into the console's store once a minute (requests, bytes, errors since the last
 * write), so its history outlives the live chart and a restart.
 */
public final class TrafficRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficRecorder.class);

    private final TrafficSampler sampler;
    private final TrafficHistory history;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private TrafficSampler.Totals last;

    public TrafficRecorder(TrafficSampler sampler, TrafficHistory history, Clock clock) {
        this.sampler = sampler;
        this.history = history;
        this.clock = clock;
        this.last = sampler.totals();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("doorman-traffic-history").unstarted(r));
    }

    /** Writes every minute from now on. */
    public TrafficRecorder start() {
        timer.scheduleAtFixedRate(this::record, 60, 60, TimeUnit.SECONDS);
        return this;
    }

    /** Adds what was counted since the last call to the current minute. */
    synchronized void record() {
        try {
            TrafficSampler.Totals now = sampler.totals();
            long requests = Math.max(0, Math.round(now.requests() - last.requests()));
            long bytes = Math.max(0, Math.round(now.bytes() - last.bytes()));
            long errors = Math.max(0, Math.round(now.errors() - last.errors()));
            last = now;
            if (requests > 0 || bytes > 0 || errors > 0) {
                history.add(clock.instant(), requests, bytes, errors);
            }
        } catch (RuntimeException e) {
            LOG.warn("console: traffic history not stored: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        record();
    }
}
