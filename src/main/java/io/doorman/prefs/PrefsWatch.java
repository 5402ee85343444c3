package io.doorman.prefs;

import io.doorman.config.GoDuration;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.prefs.PrefsEnforcer.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps PMS in policy while {@code serve} runs (the runbook's {@code plex-prefs-enforce.timer}, built in): every
 * interval it checks, repairs what drifted and prints one {@code prefs_drift:} line per drifted preference. PMS
 * down is a warning; the next interval tries again. Runs on its own thread, never on the proxy's.
 */
public final class PrefsWatch implements AutoCloseable {

    private final PrefsEnforcer enforcer;
    private final PrefsPolicy policy;
    private final Duration interval;
    private final Consumer<String> lines;
    private final Consumer<String> warnings;
    private final Function<Throwable, String> describeFailure;
    private final MeterRegistry registry;
    private final AtomicInteger inPolicy = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private volatile String lastWarning;

    /**
     * @param lines           where {@code prefs_drift:} lines go (stdout)
     * @param warnings        where warnings go (stderr), each a full line without a prefix
     * @param describeFailure one line for a failed call to PMS, never holding the token
     */
    public PrefsWatch(PrefsEnforcer enforcer, PrefsPolicy policy, Duration interval, Consumer<String> lines,
            Consumer<String> warnings, Function<Throwable, String> describeFailure, MeterRegistry registry) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be more than 0");
        }
        this.enforcer = enforcer;
        this.policy = policy;
        this.interval = interval;
        this.lines = lines;
        this.warnings = warnings;
        this.describeFailure = describeFailure;
        this.registry = registry;
        Gauge.builder("doorman.prefs.in.policy", inPolicy, AtomicInteger::get)
                .description("1 when the last check found (or left) every required PMS preference at its wanted value")
                .register(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("doorman-prefs").unstarted(r));
    }

    /** First check now, then one every interval after the previous one ended. */
    public void start() {
        timer.scheduleWithFixedDelay(this::runOnce, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One check and repair; never throws (the timer would stop). */
    void runOnce() {
        Result r;
        try {
            // Bounded: the enforcer's calls each have a timeout, and there are at most a handful of them.
            r = enforcer.enforce(policy).get(interval.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (TimeoutException | RuntimeException e) {
            failed(e);
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            failed(e.getCause() == null ? e : e.getCause());
            return;
        }
        for (String line : driftLines(r)) {
            lines.accept(line);
        }
        for (Finding f : r.before()) {
            if (f.state() == State.DRIFTED) {
                Counter.builder("doorman.prefs.drift").description("required PMS preferences found drifted")
                        .tag("id", f.pref().id()).register(registry).increment();
            }
        }
        boolean allMissing = !r.before().isEmpty() && r.before().stream().allMatch(f -> f.state() == State.MISSING);
        boolean drifted = r.before().stream().anyMatch(f -> f.state() == State.DRIFTED);
        String outcome = allMissing ? "not_owner" : !r.inPolicy() ? "unrepaired" : drifted ? "repaired" : "in_policy";
        count(outcome);
        inPolicy.set(!allMissing && r.inPolicy() ? 1 : 0);
        warnOnce(allMissing ? "PMS shows the owner token none of " + ids(r.before())
                + "; is it the server owner's token?" : missingWarning(r.after()));
    }

    private void failed(Throwable t) {
        count("error");
        inPolicy.set(0);
        // Each failed interval says so: a person reading the journal sees when PMS came back.
        lastWarning = null;
        warnings.accept("warning: prefs: " + describeFailure.apply(t) + "; retrying in " + GoDuration.format(interval));
    }

    private void count(String outcome) {
        Counter.builder("doorman.prefs.runs").description("prefs enforcement runs by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** A warning is printed when it changes, not every interval. */
    private void warnOnce(String warning) {
        if (warning != null && !Objects.equals(warning, lastWarning)) {
            warnings.accept("warning: prefs: " + warning);
        }
        lastWarning = warning;
    }

    private static String missingWarning(List<Finding> after) {
        List<Finding> missing = after.stream().filter(f -> f.state() == State.MISSING).toList();
        return missing.isEmpty() ? null : "PMS does not list " + ids(missing) + "; check prefs-require and prefs-off";
    }

    private static String ids(List<Finding> fs) {
        return String.join(", ", fs.stream().map(f -> f.pref().id()).toList());
    }

    /**
     * One line per preference that was drifted: {@code prefs_drift: id=RelayEnabled was=1 now=0}, with
     * {@code refused=<status>} when PMS would not take the value and {@code repaired=false} when it took it but
     * kept its own.
     */
    static List<String> driftLines(Result r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.before().size(); i++) {
            Finding before = r.before().get(i);
            if (before.state() != State.DRIFTED) {
                continue;
            }
            Finding after = r.after().get(i);
            StringBuilder line = new StringBuilder("prefs_drift: id=").append(before.pref().id())
                    .append(" was=").append(value(before.current())).append(" now=").append(value(after.current()));
            Integer refused = r.refused().get(before.pref().id());
            if (refused != null) {
                line.append(" refused=").append(refused);
            } else if (after.state() != State.OK) {
                line.append(" repaired=false");
            }
            out.add(line.toString());
        }
        return out;
    }

    /** As sent, quoted only when it would not read as one field. */
    private static String value(String v) {
        if (v == null) {
            return "\"\"";
        }
        return v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == '"') ? "\"" + v.replace("\"", "\\\"") + "\"" : v;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
