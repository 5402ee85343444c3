package io.doorman.console;

import io.doorman.guard.SecurityAuditLine;
import io.doorman.store.AuditEvent;
import io.doorman.store.AuditEventStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code plexlabelproxy_audit:} decision lines in the console's store, for the Security page. It is fed on
 * the request path, so it only queues the line; one background thread gathers lines for a moment, merges identical
 * ones (the same decision for the same source, token and path: one row with a count) and writes them in one
 * transaction. Parsing and inserting every line cost a busy elevating proxy about half its core. When the queue is
 * full (the disk is slower than the attack) events are dropped and counted, never waited for.
 */
public final class AuditLineRecorder implements Consumer<String>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLineRecorder.class);
    private static final int QUEUE = 50_000;
    /** How long the writer lets lines gather after the first: while it sleeps, queueing a line wakes nobody. */
    private static final long GATHER_MILLIS = 200;

    private final AuditEventStore store;
    private final Clock clock;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AuditLineRecorder(AuditEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.writer = Thread.ofPlatform().daemon().name("doorman-audit-store").start(this::drain);
    }

    @Override
    public void accept(String line) {
        if (line != null && line.startsWith(SecurityAuditLine.PREFIX + " ") && !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Events not kept because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** An event from a decision or block line; null for any other line (the summary, provider labels). */
    static AuditEvent parse(String line, Clock clock) {
        return parse(line, clock, 1);
    }

    private static AuditEvent parse(String line, Clock clock, long occurrences) {
        if (line == null || !line.startsWith(SecurityAuditLine.PREFIX + " ")) {
            return null;
        }
        Map<String, String> f = fields(line.substring(SecurityAuditLine.PREFIX.length() + 1));
        String outcome = f.get("outcome");
        if (outcome == null) {
            return null;
        }
        try {
            return new AuditEvent(clock.instant(), outcome, f.getOrDefault("token_fp", "missing"),
                    f.getOrDefault("source", ""), f.getOrDefault("method", ""), f.getOrDefault("path", ""), occurrences);
        } catch (IllegalArgumentException bad) {
            return null;
        }
    }

    /** {@code key=value} pairs separated by spaces; a value may be a quoted string (the reason, last). */
    private static Map<String, String> fields(String text) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq);
            int start = eq + 1;
            int end;
            if (start < text.length() && text.charAt(start) == '"') {
                end = text.indexOf('"', start + 1);
                while (end > 0 && text.charAt(end - 1) == '\\') {
                    end = text.indexOf('"', end + 1);
                }
                end = end < 0 ? text.length() : end + 1;
            } else {
                end = text.indexOf(' ', start);
                end = end < 0 ? text.length() : end;
            }
            out.put(key, text.substring(start, end));
            i = end + 1;
        }
        return out;
    }

    private void drain() {
        List<String> lines = new ArrayList<>(1024);
        Map<String, long[]> repeats = new LinkedHashMap<>();
        List<AuditEvent> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                String first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                lines.add(first);
                if (!closed) {
                    Thread.sleep(GATHER_MILLIS);
                }
                queue.drainTo(lines, QUEUE);
                for (String line : lines) {
                    repeats.computeIfAbsent(line, k -> new long[1])[0]++;
                }
                for (Map.Entry<String, long[]> r : repeats.entrySet()) {
                    AuditEvent e = parse(r.getKey(), clock, r.getValue()[0]);
                    if (e != null) {
                        batch.add(e);
                    }
                }
                if (!batch.isEmpty()) {
                    store.appendAll(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("console: {} audit events not stored: {}", batch.size(), e.getMessage());
            }
            lines.clear();
            repeats.clear();
            batch.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
