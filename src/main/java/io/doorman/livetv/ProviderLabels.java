package io.doorman.livetv;

import io.doorman.plex.PmsClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider label map ({@code tv.plex.providers.epg.xmltv:<id>} → lineup name) read from PMS's
 * {@code /livetv/dvrs}, kept fresh lazily: a caller past the refresh time starts one refresh in the background
 * and goes on with the map it has, so no response ever waits for PMS. A failed load keeps the previous map
 * and is retried after a short pause (the first load too: it is never fatal).
 */
public final class ProviderLabels {

    /** The spec's limits for reading {@code /livetv/dvrs}. */
    public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(15);
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How soon a failed load is tried again (or the refresh interval, when that is shorter). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ProviderLabels.class);

    private final PmsClient pms;
    private final String dvrsTarget;
    private final String token;
    private final String stripPrefix;
    private final long refreshNanos;
    private final long retryNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Map<String, String> labels = Map.of();
    private volatile long nextRefreshAt;
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    /**
     * @param pms         PMS to read the DVR list from
     * @param token       the {@code -token} used to read the DVR list
     * @param stripPrefix removed from the start of each label ("" removes nothing)
     * @param refresh     how long a loaded map is fresh
     */
    public ProviderLabels(PmsClient pms, String token, String stripPrefix, Duration refresh, LongSupplier nanoTime) {
        this.pms = pms;
        this.dvrsTarget = PmsClient.withTokenQuery("/livetv/dvrs", token);
        this.token = token;
        this.stripPrefix = stripPrefix;
        this.refreshNanos = refresh.toNanos();
        this.retryNanos = Math.min(refreshNanos, RETRY_AFTER_FAILURE.toNanos());
        this.nanoTime = nanoTime;
        this.nextRefreshAt = nanoTime.getAsLong(); // stale from the start: the first use loads
    }

    /** The current map (possibly empty), starting a background refresh when it is due. Never blocks. */
    public Map<String, String> current() {
        if (nanoTime.getAsLong() - nextRefreshAt >= 0) {
            refresh();
        }
        return labels;
    }

    /** Starts a refresh unless one is running; the future completes when the running one ends. */
    public CompletableFuture<Void> refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return inFlight;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        CompletableFuture<byte[]> call;
        try {
            call = pms.body(dvrsTarget, "application/xml", FETCH_TIMEOUT, MAX_BODY_BYTES);
        } catch (IllegalArgumentException refused) {
            call = CompletableFuture.failedFuture(refused);
        }
        call.whenComplete((body, err) -> {
            try {
                loaded(body, err);
            } finally {
                refreshing.set(false);
                done.complete(null);
            }
        });
        return done;
    }

    private void loaded(byte[] body, Throwable err) {
        Map<String, String> next = null;
        String problem = null;
        if (err != null) {
            Throwable cause = err.getCause() != null ? err.getCause() : err;
            problem = cause instanceof java.net.http.HttpTimeoutException ? "timed out after 15s"
                    : cause instanceof PmsClient.PmsCallException ? cause.getMessage()
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } else {
            try {
                next = DvrLabels.parse(body, stripPrefix);
            } catch (IOException e) {
                problem = "unreadable DVR list: " + e.getMessage();
            }
        }
        long now = nanoTime.getAsLong();
        if (next == null) {
            failures.incrementAndGet();
            nextRefreshAt = now + retryNanos;
            LOG.warn("provider labels: loading /livetv/dvrs failed ({}); keeping {} label(s), retrying in {}s",
                    redact(problem), labels.size(), Math.max(1, retryNanos / 1_000_000_000L));
            return;
        }
        loads.incrementAndGet();
        labels = next;
        nextRefreshAt = now + refreshNanos;
    }

    /** An exception text from the HTTP client could quote the URL, and with it the token. */
    private String redact(String s) {
        if (s == null || token.isEmpty()) {
            return s == null ? "" : s;
        }
        return s.replace(token, "<token>")
                .replace(URLEncoder.encode(token, StandardCharsets.UTF_8), "<token>");
    }

    /** Successful loads so far. */
    public long loads() {
        return loads.get();
    }

    /** Failed loads so far. */
    public long failures() {
        return failures.get();
    }
}
