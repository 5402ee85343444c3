package io.doorman.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} bad attempts from one address within 5 minutes, that
 * address is refused for 5 minutes; a success clears it. Remembers at most a fixed number of addresses (the
 * least recently seen is forgotten first).
 */
public final class LoginThrottle {

    /** Bad attempts that start a refusal. */
    public static final int MAX_FAILURES = 5;
    /** The window the bad attempts must fall in. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** How long an address is refused. */
    public static final Duration REFUSAL = Duration.ofMinutes(5);
    /** How many addresses are remembered by default. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** The answer to a login attempt from an address. */
    public sealed interface Verdict {
        /** Go ahead and check the password (the attempt is counted as bad until {@link #succeeded} says not). */
        record Allowed() implements Verdict {
        }

        /** Refused; try again after this many seconds (at least 1). */
        record Refused(long retryAfterSeconds) implements Verdict {
        }
    }

    private static final Verdict ALLOWED = new Verdict.Allowed();

    private final Clock clock;
    private final Map<String, Attempts> bySource;

    public LoginThrottle(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    public LoginThrottle(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.clock = clock;
        // Access order: the eldest entry is the address seen least recently.
        this.bySource = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Records an attempt from {@code source} before its password is checked, so that parallel guesses cannot
     * all slip past the limit; a correct password must be followed by {@link #succeeded}.
     */
    public synchronized Verdict attempt(String source) {
        Instant now = clock.instant();
        Attempts a = bySource.computeIfAbsent(key(source), k -> new Attempts());
        if (a.refusedUntil != null) {
            if (now.isBefore(a.refusedUntil)) {
                return new Verdict.Refused(Math.max(1, ceilSeconds(Duration.between(now, a.refusedUntil))));
            }
            a.refusedUntil = null;
        }
        while (!a.failures.isEmpty() && !a.failures.peekFirst().isAfter(now.minus(WINDOW))) {
            a.failures.pollFirst();
        }
        a.failures.addLast(now);
        if (a.failures.size() >= MAX_FAILURES) {
            a.failures.clear();
            a.refusedUntil = now.plus(REFUSAL);
        }
        return ALLOWED;
    }

    /** The password from {@code source} was right: forget its bad attempts and any refusal. */
    public synchronized void succeeded(String source) {
        bySource.remove(key(source));
    }

    /** How many addresses are remembered (for tests of the bound). */
    synchronized int size() {
        return bySource.size();
    }

    private static String key(String source) {
        return source == null || source.isEmpty() ? "unknown" : source;
    }

    private static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    /** Bad attempts from one address in the window, and when its refusal ends. */
    private static final class Attempts {
        final ArrayDeque<Instant> failures = new ArrayDeque<>(MAX_FAILURES);
        Instant refusedUntil;
    }
}
