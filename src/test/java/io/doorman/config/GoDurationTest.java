package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "90s, 90000",
        "5m, 300000",
        "1h30m, 5400000",
        "-1s, -1000",
        "+2s, 2000",
        "1.5s, 1500",
        "250ms, 250",
        ".5s, 500",
        "1h0m0s, 3600000",
        "30, 30000",
        "-5, -5000",
        "0, 0",
        "' 15s ', 15000"
    })
    void parsesGoSyntaxAndWholeSeconds(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"1us, 1000", "1µs, 1000", "3ns, 3"})
    void parsesSmallUnits(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-", "+", "5x", "5M", "1h-30m", "s", "1.5", "abc", "1d",
        "99999999999999999999", "3000000h", "9223372037"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "300000, 5m0s",
        "1800000, 30m0s",
        "5400000, 1h30m0s",
        "1500, 1.5s",
        "120000, 2m0s",
        "-1000, -1s",
        "0, 0s",
        "3600000, 1h0m0s",
        "90000, 1m30s",
        "1, 1ms",
        "1001, 1.001s"
    })
    void formatsLikeGo(long millis, String expected) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1500000, 1.5ms", "1500, 1.5µs", "7, 7ns", "999999999, 999.999999ms", "1000, 1µs", "1001, 1.001µs",
        "1000000, 1ms", "1000010, 1.00001ms", "1234567, 1.234567ms", "100000, 100µs", "20300000, 20.3ms",
        "999999, 999.999µs", "1010, 1.01µs"})
    void formatsSubSecondLikeGo(long nanos, String expected) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5m0s", "30m0s", "1h30m0s", "1.5s", "-1s", "2m0s", "1h0m0.5s"})
    void formatRoundTrips(String text) {
        assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void subSecondDurationsPrintTheirExactDecimalFraction() {
        java.util.Random r = new java.util.Random(15);
        for (int i = 0; i < 20_000; i++) {
            long n = 1_000 + (long) (r.nextDouble() * r.nextDouble() * 999_999_000L);
            boolean micros = n < 1_000_000;
            String expected = new java.math.BigDecimal(n).movePointLeft(micros ? 3 : 6).stripTrailingZeros()
                    .toPlainString() + (micros ? "µs" : "ms");
            assertThat(GoDuration.format(Duration.ofNanos(n))).as("%d ns", n).isEqualTo(expected);
        }
    }
}
