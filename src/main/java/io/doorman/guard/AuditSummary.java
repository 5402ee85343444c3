package io.doorman.guard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The counters behind {@code plexlabelproxy_audit_summary:} lines. Counters reset at each summary; top
 * sources are listed by fingerprint only (the Go tool printed raw addresses there), and
 * {@code blocked_sources} counts the blocks that actually started in the interval. Thread-safe.
 */
public final class AuditSummary {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.UTC);
    private static final int TOP = 5;

    private Instant since;
    private long elevated;
    private long denyMissing;
    private long denyUnauthorized;
    private long denyCooldown;
    private long cacheHit;
    private long cacheMiss;
    private long blockedSources;
    private long blockedRequests;
    private final Map<String, Long> bySource = new HashMap<>();
    private final Map<AuditOutcome, Counter> outcomeCounters = new EnumMap<>(AuditOutcome.class);
    private final Counter authHit;
    private final Counter authMiss;

    public AuditSummary(Instant start) {
        this(start, null);
    }

    /** Also counts every decision into Prometheus counters (never reset), when {@code registry} is given. */
    public AuditSummary(Instant start, MeterRegistry registry) {
        this.since = start;
        if (registry != null) {
            for (AuditOutcome o : AuditOutcome.values()) {
                outcomeCounters.put(o, Counter.builder("doorman.livetv.decisions").tag("outcome", o.wire())
                        .description("Live TV elevation decisions, by audit outcome").register(registry));
            }
            authHit = Counter.builder("doorman.livetv.auth.checks").tag("cache", "hit")
                    .description("Token checks, answered from the cache or by PMS").register(registry);
            authMiss = Counter.builder("doorman.livetv.auth.checks").tag("cache", "miss")
                    .description("Token checks, answered from the cache or by PMS").register(registry);
        } else {
            authHit = null;
            authMiss = null;
        }
    }

    /** Counts one decision line. */
    public synchronized void record(AuditOutcome outcome, String sourceFingerprint) {
        Counter c = outcomeCounters.get(outcome);
        if (c != null) {
            c.increment();
        }
        switch (outcome) {
            case ELEVATED -> elevated++;
            case DENY_MISSING_TOKEN -> denyMissing++;
            case DENY_UNAUTHORIZED_TOKEN -> denyUnauthorized++;
            case DENY_AUTH_COOLDOWN -> denyCooldown++;
            case BLOCKED_BAD_ACTOR -> blockedRequests++;
            case BAD_ACTOR_BLOCKED -> blockedSources++;
        }
        if (outcome != AuditOutcome.ELEVATED && bySource.size() < 10_000) {
            bySource.merge(sourceFingerprint, 1L, Long::sum);
        }
    }

    /** Counts one token check answer (from the cache or from PMS). */
    public synchronized void recordAuthCheck(boolean fromCache) {
        if (authHit != null) {
            (fromCache ? authHit : authMiss).increment();
        }
        if (fromCache) {
            cacheHit++;
        } else {
            cacheMiss++;
        }
    }

    /** The summary line for the interval ending {@code now}; the counters start over. */
    public synchronized String lineAndReset(Instant now) {
        String top = bySource.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        String line = "plexlabelproxy_audit_summary: since=" + RFC3339.format(since.truncatedTo(ChronoUnit.SECONDS))
                + " elevated=" + elevated + " deny_missing=" + denyMissing + " deny_unauthorized=" + denyUnauthorized
                + " deny_auth_cooldown=" + denyCooldown + " auth_cache_hit=" + cacheHit
                + " auth_cache_miss=" + cacheMiss + " blocked_sources=" + blockedSources
                + " blocked_requests=" + blockedRequests + " top_sources=\"" + top + "\"";
        since = now;
        elevated = denyMissing = denyUnauthorized = denyCooldown = cacheHit = cacheMiss = 0;
        blockedSources = blockedRequests = 0;
        bySource.clear();
        return line;
    }
}
