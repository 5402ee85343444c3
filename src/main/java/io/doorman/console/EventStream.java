package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-sent events stream ({@code text/event-stream}) of a few feeds, each sent every so often, with a comment
 * line as keep-alive. It sleeps between sends (never spins), stops as soon as the client has gone (a send answers
 * false), and ends after a maximum time so no stream lives for ever: the browser's EventSource reconnects.
 */
public final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    /** What the browser waits before reconnecting after the stream ends (the {@code retry:} field), in ms. */
    static final int RETRY_MS = 3000;

    /**
     * One kind of event.
     *
     * @param event      the event's name ({@code traffic})
     * @param every      the time between two events
     * @param firstAfter the time before the first (zero: at once)
     * @param data       the event's JSON, read when due; null sends nothing this time
     */
    public record Feed(String event, Duration every, Duration firstAfter, Supplier<JsonNode> data) {
        public Feed {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("every must be more than 0");
            }
            if (event.isEmpty() || event.chars().anyMatch(c -> c == '\n' || c == '\r' || c == ':')) {
                throw new IllegalArgumentException("an event name is one word");
            }
        }
    }

    private final List<Feed> feeds;
    private final Duration keepAlive;
    private final Duration maxDuration;
    private final LongSupplier nanoTime;

    public EventStream(List<Feed> feeds, Duration keepAlive, Duration maxDuration) {
        this(feeds, keepAlive, maxDuration, System::nanoTime);
    }

    EventStream(List<Feed> feeds, Duration keepAlive, Duration maxDuration, LongSupplier nanoTime) {
        if (keepAlive.isNegative() || keepAlive.isZero() || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("keepAlive and maxDuration must be more than 0");
        }
        this.feeds = List.copyOf(feeds);
        this.keepAlive = keepAlive;
        this.maxDuration = maxDuration;
        this.nanoTime = nanoTime;
    }

    /** One event as the wire carries it: its name, its JSON on one {@code data:} line, a blank line. */
    public static String event(String name, JsonNode data) {
        // Jackson escapes control characters inside strings, so the JSON text is a single line.
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** A comment line, which the browser ignores: keeps proxies and the connection from timing out. */
    public static String comment(String text) {
        return ": " + text.replace('\n', ' ').replace('\r', ' ') + "\n\n";
    }

    /** The stream as an API answer. */
    public ApiResponse.Streamed response() {
        // X-Accel-Buffering: a buffering reverse proxy (nginx) in front of the console would hold events back.
        return new ApiResponse.Streamed("text/event-stream; charset=utf-8", this::run,
                Map.of("X-Accel-Buffering", "no"));
    }

    /** Sends until the client goes or the maximum time is up. */
    void run(ApiResponse.Sink sink) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long end = start + maxDuration.toNanos();
        if (!sink.send("retry: " + RETRY_MS + "\n" + comment("doorman events"))) {
            return;
        }
        long[] next = new long[feeds.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = start + feeds.get(i).firstAfter().toNanos();
        }
        long nextKeepAlive = start + keepAlive.toNanos();
        while (true) {
            long due = Math.min(end, nextKeepAlive);
            for (long n : next) {
                due = Math.min(due, n);
            }
            long wait = due - nanoTime.getAsLong();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            long now = nanoTime.getAsLong();
            if (now - end >= 0) {
                return;
            }
            for (int i = 0; i < next.length; i++) {
                if (now - next[i] < 0) {
                    continue;
                }
                Feed f = feeds.get(i);
                // After a slow feed, skip the missed beats instead of sending a burst to catch up.
                next[i] += f.every().toNanos();
                if (now - next[i] >= 0) {
                    next[i] = now + f.every().toNanos();
                }
                JsonNode data = read(f);
                if (data != null && !sink.send(event(f.event(), data))) {
                    return;
                }
            }
            if (now - nextKeepAlive >= 0) {
                nextKeepAlive = now + keepAlive.toNanos();
                if (!sink.send(comment("keep-alive"))) {
                    return;
                }
            }
        }
    }

    private static JsonNode read(Feed f) {
        try {
            return f.data().get();
        } catch (RuntimeException e) {
            LOG.warn("console event '{}' could not be read: {}", f.event(), e.getClass().getName());
            return null;
        }
    }
}
