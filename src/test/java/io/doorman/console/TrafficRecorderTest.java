package io.doorman.console;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.store.Store;
import io.doorman.store.TrafficSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's counters become per-minute rows in the store: what was counted since the last write. */
class TrafficRecorderTest {

    @TempDir
    Path tmp;

    @Test
    void eachWriteAddsTheCountsSinceTheLastOne() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        Counter ok = Counter.builder("doorman.requests").tag("status", "2xx").register(r);
        Counter bad = Counter.builder("doorman.requests").tag("status", "5xx").register(r);
        Counter out = Counter.builder("doorman.response.bytes").register(r);
        ok.increment(100);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:30Z"));
        try (Store store = Store.open(tmp)) {
            TrafficRecorder rec = new TrafficRecorder(new TrafficSampler(r, clock, System::nanoTime), store.traffic(),
                    clock);
            ok.increment(7);
            bad.increment(2);
            out.increment(4096);
            rec.record();
            clock.advance(Duration.ofMinutes(1));
            rec.record();
            ok.increment(1);
            rec.record();
            List<TrafficSample> rows = store.traffic().range(Instant.parse("2026-12-06T09:00:00Z"),
                    Instant.parse("2026-12-06T11:00:00Z"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).requests()).as("counted before the recorder started is not this minute's")
                    .isEqualTo(9);
            assertThat(rows.get(0).errors()).isEqualTo(2);
            assertThat(rows.get(0).bytes()).isGreaterThanOrEqualTo(4096);
            assertThat(rows.get(1).requests()).isEqualTo(1);
            rec.close();
        }
    }
}
