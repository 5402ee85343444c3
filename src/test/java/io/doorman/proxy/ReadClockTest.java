package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadClockTest {

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void insideAReadEveryCallersNowIsTheReadsStart() {
        ReadClock clock = new ReadClock();
        long before = System.nanoTime();
        clock.enter();
        long first = clock.now();
        spin(2_000_000);
        assertThat(clock.now()).isEqualTo(first);
        clock.enter(); // a read handled inside another keeps the outer one's time
        spin(1_000_000);
        assertThat(clock.now()).isEqualTo(first);
        clock.exit();
        assertThat(clock.now()).isEqualTo(first);
        clock.exit();
        assertThat(first).isBetween(before, System.nanoTime());
    }

    @Test
    void outsideAReadNowIsFresh() {
        ReadClock clock = new ReadClock();
        clock.enter();
        long during = clock.now();
        clock.exit();
        spin(2_000_000);
        long after = clock.now();
        assertThat(after - during).isGreaterThanOrEqualTo(2_000_000);
        spin(1_000_000);
        assertThat(clock.now() - after).isGreaterThanOrEqualTo(1_000_000);
    }
}
