package io.doorman.console.auth;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.console.auth.LoginThrottle.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final String A = "192.0.2.1";
    private static final String B = "192.0.2.2";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void badAttempts(String source, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(throttle.attempt(source)).as("attempt %d", i + 1).isInstanceOf(Verdict.Allowed.class);
            clock.advance(Duration.ofSeconds(10));
        }
    }

    @Test
    void fiveBadAttemptsWithinFiveMinutesRefuseTheAddressForFiveMinutes() {
        badAttempts(A, 5); // the 5th came at +40 s, now is +50 s

        assertThat(throttle.attempt(A)).isEqualTo(new Verdict.Refused(290));
        assertThat(throttle.attempt(B)).as("another address").isInstanceOf(Verdict.Allowed.class);

        clock.advance(Duration.ofSeconds(200));
        assertThat(throttle.attempt(A)).isEqualTo(new Verdict.Refused(90));
        clock.advance(Duration.ofSeconds(89).plusMillis(500));
        assertThat(throttle.attempt(A)).as("rounds up").isEqualTo(new Verdict.Refused(1));
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.attempt(A)).as("refusal over").isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void badAttemptsSpreadWiderThanTheWindowDoNotRefuse() {
        badAttempts(A, 4);
        clock.advance(Duration.ofMinutes(5));
        badAttempts(A, 4);
        assertThat(throttle.attempt(A)).isInstanceOf(Verdict.Allowed.class);
        assertThat(throttle.attempt(A)).as("that was the 5th within the window").isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void aSuccessClearsBadAttemptsAndEvenAFreshRefusal() {
        badAttempts(A, 4);
        throttle.succeeded(A);
        badAttempts(A, 4);
        assertThat(throttle.attempt(A)).isInstanceOf(Verdict.Allowed.class);
        // That 5th attempt started a refusal; its password turning out right lifts it.
        throttle.succeeded(A);
        assertThat(throttle.attempt(A)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void remembersABoundedNumberOfAddressesForgettingTheLeastRecent() {
        LoginThrottle small = new LoginThrottle(clock, 3);
        for (int i = 0; i < 5; i++) {
            small.attempt(A);
        }
        assertThat(small.attempt(A)).isInstanceOf(Verdict.Refused.class);
        for (int i = 0; i < 10; i++) {
            small.attempt("198.51.100." + i);
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.attempt(A)).as("forgotten").isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void aMissingAddressIsOneAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.attempt(i % 2 == 0 ? null : "");
        }
        assertThat(throttle.attempt(null)).isInstanceOf(Verdict.Refused.class);
    }
}
