package io.doorman.guard;

import io.doorman.plex.PlexTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts bad elevation attempts per apparent source, blocks a source that reaches the threshold within the
 * window, and remembers recently denied source/token pairs (cooldowns). Thread-safe and bounded in memory.
 */
public final class AbuseGuard {

    /** Default bound on tracked sources. */
    public static final int DEFAULT_MAX_SOURCES = 10_000;

    /** Bound on cooldown fingerprints per source: one client cycling tokens must not grow memory. */
    public static final int MAX_COOLDOWNS_PER_SOURCE = 64;

    /** Mutations between full sweeps for expired entries; amortises the O(n) sweep. */
    private static final int PRUNE_EVERY = 1024;

    /** What one recorded failure did; {@code blockStarted} asks for the {@code bad_actor_blocked} audit line. */
    public record Failure(boolean blockStarted, int failures, boolean blocked, Instant blockedUntil) {
    }

    /** A source blocked now: until when, and after how many failures within the window. */
    public record Block(String source, Instant until, int failures) {
        @Override
        public String toString() {
            // The raw source is never printed by accident (see SourceIdentity.Source).
            return "Block[source=" + PlexTokens.fingerprint(source) + ", until=" + until + ", failures=" + failures
                    + "]";
        }
    }

    private static final class Entry {
        long firstFailure;
        int failures;
        long blockedUntil;
        // Insertion order kept as update order (remove + put), so the eldest is the least recently updated.
        final LinkedHashMap<String, Long> cooldowns = new LinkedHashMap<>();
    }

    private final AbuseSettings settings;
    private final Clock clock;
    private final int maxSources;
    // Same update-order trick as Entry.cooldowns; guarded by this.
    private final LinkedHashMap<String, Entry> sources = new LinkedHashMap<>();
    private long evictions;
    private long cooldownEvictions;
    private int mutationsSincePrune;
    private volatile Runnable changeListener = () -> { };
    /** sources.size() as of the last change: lets the usual case (nobody tracked) skip the clock and the lock. */
    private volatile int tracked;

    public AbuseGuard(AbuseSettings settings, Clock clock) {
        this(settings, clock, DEFAULT_MAX_SOURCES, Map.of());
    }

    /**
     * @param initial state to start from (for example {@link BlockStateFile#load}); inactive entries are dropped
     */
    public AbuseGuard(AbuseSettings settings, Clock clock, int maxSources, Map<String, SourceState> initial) {
        if (maxSources <= 0) {
            throw new IllegalArgumentException("maxSources must be positive, got " + maxSources);
        }
        this.settings = settings;
        this.clock = clock;
        this.maxSources = maxSources;
        long now = clock.millis();
        initial.forEach((source, s) -> {
            if (s.activeAt(now)) {
                Entry e = new Entry();
                e.firstFailure = s.firstFailureMillis();
                e.failures = s.failures();
                e.blockedUntil = s.blockedUntilMillis();
                s.cooldowns().forEach((fp, until) -> {
                    if (until > now && e.cooldowns.size() < MAX_COOLDOWNS_PER_SOURCE) {
                        e.cooldowns.put(fp, until);
                    }
                });
                synchronized (this) {
                    makeRoom(now);
                    sources.put(source, e);
                    tracked = sources.size();
                }
            }
        });
    }

    /** Called (outside the lock, on the calling thread) after every recorded failure and unblock; must not block. */
    public void setChangeListener(Runnable listener) {
        this.changeListener = listener == null ? () -> { } : listener;
    }

    public AbuseSettings settings() {
        return settings;
    }

    /** Records a bad attempt now. */
    public Failure recordFailure(String source, String tokenFingerprint) {
        return recordFailure(source, tokenFingerprint, clock.instant());
    }

    /** Records a bad attempt from {@code source} with a token of the given fingerprint (or {@code missing}). */
    public Failure recordFailure(String source, String tokenFingerprint, Instant at) {
        long now = at.toEpochMilli();
        Failure result;
        synchronized (this) {
            Entry e = sources.remove(source);
            if (e == null) {
                makeRoom(now);
                e = new Entry();
            }
            sources.put(source, e);
            if (e.failures == 0 || now - e.firstFailure > settings.window().toMillis()) {
                e.firstFailure = now;
                e.failures = 0;
            }
            // A missing token has no pair to cool down: the spec checks missing tokens before cooldowns.
            if (settings.cooldownEnabled() && tokenFingerprint != null
                    && !PlexTokens.MISSING.equals(tokenFingerprint)) {
                rememberCooldown(e, tokenFingerprint, now + settings.cooldown().toMillis());
            }
            e.failures++;
            boolean started = false;
            if (e.failures >= settings.threshold()) {
                started = e.blockedUntil <= now;
                e.blockedUntil = now + settings.duration().toMillis();
            }
            boolean blocked = e.blockedUntil > now;
            result = new Failure(started, e.failures, blocked,
                    blocked ? Instant.ofEpochMilli(e.blockedUntil) : null);
            if (++mutationsSincePrune >= PRUNE_EVERY) {
                pruneAll(now);
            }
            tracked = sources.size();
        }
        changeListener.run();
        return result;
    }

    private void rememberCooldown(Entry e, String fingerprint, long until) {
        if (e.cooldowns.remove(fingerprint) == null && e.cooldowns.size() >= MAX_COOLDOWNS_PER_SOURCE) {
            Iterator<Long> eldest = e.cooldowns.values().iterator();
            eldest.next();
            eldest.remove();
            cooldownEvictions++;
        }
        e.cooldowns.put(fingerprint, until);
    }

    public boolean isBlocked(String source) {
        return tracked != 0 && isBlocked(source, clock.instant());
    }

    /** Whether requests from {@code source} are blocked at {@code at}. */
    public synchronized boolean isBlocked(String source, Instant at) {
        Entry e = sources.get(source);
        return e != null && e.blockedUntil > at.toEpochMilli();
    }

    public boolean inCooldown(String source, String tokenFingerprint) {
        return tracked != 0 && inCooldown(source, tokenFingerprint, clock.instant());
    }

    /** Whether this source/token pair was denied within the cooldown before {@code at}. */
    public synchronized boolean inCooldown(String source, String tokenFingerprint, Instant at) {
        Entry e = sources.get(source);
        if (e == null) {
            return false;
        }
        Long until = e.cooldowns.get(tokenFingerprint);
        return until != null && until > at.toEpochMilli();
    }

    /** Every source blocked now, the block ending soonest first. */
    public List<Block> blocks() {
        long now = clock.millis();
        List<Block> out = new ArrayList<>();
        synchronized (this) {
            sources.forEach((source, e) -> {
                if (e.blockedUntil > now) {
                    out.add(new Block(source, Instant.ofEpochMilli(e.blockedUntil), e.failures));
                }
            });
        }
        out.sort(Comparator.comparing(Block::until).thenComparing(Block::source));
        return out;
    }

    /**
     * Lifts the block on {@code source} now and forgets its failures and cooldowns, so its next bad attempt counts
     * from one again; the change listener then persists the state. False (and nothing changed) when the source is
     * not blocked.
     */
    public boolean unblock(String source) {
        long now = clock.millis();
        synchronized (this) {
            Entry e = sources.get(source);
            if (e == null || e.blockedUntil <= now) {
                return false;
            }
            sources.remove(source);
            tracked = sources.size();
        }
        changeListener.run();
        return true;
    }

    /** Number of tracked sources (including ones that have expired but not yet been pruned). */
    public synchronized int size() {
        return sources.size();
    }

    /** Sources dropped, while still live, because the bound was reached. */
    public synchronized long evictions() {
        return evictions;
    }

    /** Cooldown fingerprints dropped, while still live, because a source reached its per-source bound. */
    public synchronized long cooldownEvictions() {
        return cooldownEvictions;
    }

    /** A copy of the state worth persisting: sources blocked or cooling down now. */
    public synchronized Map<String, SourceState> snapshot() {
        long now = clock.millis();
        Map<String, SourceState> out = new HashMap<>();
        sources.forEach((source, e) -> {
            Map<String, Long> running = new HashMap<>(e.cooldowns);
            running.values().removeIf(until -> until <= now);
            SourceState s = new SourceState(e.firstFailure, e.failures, e.blockedUntil, running);
            if (s.activeAt(now)) {
                out.put(source, s);
            }
        });
        return out;
    }

    /** Makes space for one new source: expired eldest entries go first, then the least recently updated. */
    private void makeRoom(long now) {
        if (sources.size() < maxSources) {
            return;
        }
        Iterator<Entry> it = sources.values().iterator();
        while (it.hasNext() && expired(it.next(), now)) {
            it.remove();
        }
        // No full sweep here: under a flood of live sources it would make every insert O(n).
        while (sources.size() >= maxSources) {
            it = sources.values().iterator();
            it.next();
            it.remove();
            evictions++;
        }
    }

    private void pruneAll(long now) {
        mutationsSincePrune = 0;
        sources.values().removeIf(e -> expired(e, now));
    }

    /** Nothing left to remember: not blocked, no running cooldown, and the count would restart anyway. */
    private boolean expired(Entry e, long now) {
        if (e.blockedUntil > now || now - e.firstFailure <= settings.window().toMillis()) {
            return false;
        }
        e.cooldowns.values().removeIf(until -> until <= now);
        return e.cooldowns.isEmpty();
    }
}
