package io.doorman.livetv;

import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Answers "may this Plex token use this server?" by asking PMS {@code GET /library/sections} with it (any
 * 2xx = yes), never blocking the caller. Answers are cached per token hash for a lifetime; concurrent first
 * requests with one token share a single check (single flight); the cache is bounded, evicting the oldest.
 * PMS down, slow or broken means "no" (fail closed); such an answer is kept only briefly, so an outage does
 * not lock users out for the whole cache lifetime.
 */
public final class TokenVerifier {

    /** The outcome of one verification. */
    public record Verdict(boolean allowed, boolean cacheHit) {
    }

    private static final long ERROR_TTL_NANOS = Duration.ofSeconds(5).toNanos();

    private final PmsClient pms;
    private final long ttlNanos;
    private final int maxEntries;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache = new LinkedHashMap<>(256, 0.75f, false);
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    private static final class Entry {
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        volatile long expiresAt = Long.MAX_VALUE; // set when the check completes
    }

    /**
     * @param pms        PMS to ask
     * @param ttl        how long an answer is kept
     * @param maxEntries cache bound
     * @param timeout    limit for one check (the spec's 5 s)
     * @param nanoTime   clock, {@code System::nanoTime} outside tests
     */
    public TokenVerifier(PmsClient pms, Duration ttl, int maxEntries, Duration timeout, LongSupplier nanoTime) {
        this.pms = pms;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    /** Verifies {@code token} (non-empty); completes on an HttpClient thread or at once from the cache. */
    public CompletableFuture<Verdict> verify(String token) {
        return verify(token, PlexTokens.sha256Hex(token));
    }

    /** As {@link #verify(String)}, for a caller that already hashed the token. */
    public CompletableFuture<Verdict> verify(String token, String key) {
        Entry e;
        boolean fresh = false;
        long now = nanoTime.getAsLong();
        synchronized (cache) {
            e = cache.get(key);
            if (e == null || now - e.expiresAt >= 0) {
                if (e != null) {
                    cache.remove(key);
                }
                e = new Entry();
                cache.put(key, e);
                fresh = true;
                evictOverflow();
            }
        }
        if (fresh) {
            check(token, e);
        }
        boolean hit = !fresh;
        return e.result.thenApply(allowed -> new Verdict(allowed, hit));
    }

    private void check(String token, Entry e) {
        checks.incrementAndGet();
        CompletableFuture<Integer> call;
        try {
            call = pms.status("GET", PmsClient.withTokenQuery("/library/sections", token),
                    List.of(Map.entry("Accept", "application/xml")), timeout);
        } catch (IllegalArgumentException refused) { // a token the HTTP client cannot put in a URL: no
            call = CompletableFuture.failedFuture(refused);
        }
        call.whenComplete((status, err) -> {
            boolean allowed = err == null && status / 100 == 2;
            boolean definite = err == null && status / 100 != 5;
            e.expiresAt = nanoTime.getAsLong() + (definite ? ttlNanos : ERROR_TTL_NANOS);
            e.result.complete(allowed);
        });
    }

    private void evictOverflow() {
        Iterator<Entry> it = cache.values().iterator();
        while (cache.size() > maxEntries && it.hasNext()) {
            Entry oldest = it.next();
            if (oldest.result.isDone()) { // never drop a check in flight: its waiters share it
                it.remove();
                evictions.incrementAndGet();
            }
        }
    }

    /** A fresh cached answer for this token hash, or null (then call {@link #verify}). */
    public Boolean cachedAnswer(String key) {
        long now = nanoTime.getAsLong();
        Entry e;
        synchronized (cache) {
            e = cache.get(key);
        }
        if (e == null || !e.result.isDone() || now - e.expiresAt >= 0) {
            return null;
        }
        return e.result.getNow(Boolean.FALSE);
    }

    /** Checks sent to PMS so far. */
    public long checks() {
        return checks.get();
    }

    /** Cache entries dropped to stay within the bound. */
    public long evictions() {
        return evictions.get();
    }

    /** Entries currently cached (in flight included). */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
