package io.doorman.console;

import io.doorman.guard.SecurityAuditLine;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@link AuditEvents} in memory: the newest events up to a bound, fed by {@link #record} or straight from the
 * {@code plexlabelproxy_audit:} lines the Live TV policy prints ({@link #recordLine}). Lost on restart; the store
 * keeps them across. Thread-safe.
 */
public final class RecentAuditEvents implements AuditEvents {

    /** Default bound: a busy hour of denials. */
    public static final int DEFAULT_MAX_EVENTS = 10_000;
    private static final int MAX_TEXT = 512;
    private static final long MINUTE_MS = 60_000;
    private static final Pattern FINGERPRINT = Pattern.compile("missing|sha256:[0-9a-f]{1,64}");

    private final Clock clock;
    private final int maxEvents;
    /** Newest last; guarded by itself. */
    private final Deque<Event> events = new ArrayDeque<>();

    public RecentAuditEvents(Clock clock) {
        this(clock, DEFAULT_MAX_EVENTS);
    }

    public RecentAuditEvents(Clock clock, int maxEvents) {
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive, got " + maxEvents);
        }
        this.clock = clock;
        this.maxEvents = maxEvents;
    }

    /**
     * Records one decision now; the oldest event goes when the bound is reached.
     *
     * @param tokenFp a fingerprint ({@code sha256:...}) or {@code missing}; anything else is refused
     * @throws IllegalArgumentException when {@code tokenFp} is not a fingerprint (the value is not quoted: it may be
     *     the very token this keeps out) or the outcome is blank
     */
    public void record(String outcome, String tokenFp, String source, String method, String path) {
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("outcome must be given");
        }
        String fp = tokenFp == null || tokenFp.isEmpty() ? "missing" : tokenFp;
        if (!FINGERPRINT.matcher(fp).matches()) {
            throw new IllegalArgumentException("tokenFp must be a token fingerprint (sha256:<hex>) or \"missing\"");
        }
        String o = clip(outcome);
        String src = clip(source);
        String m = clip(method);
        String p = clip(withoutQuery(path));
        synchronized (events) {
            // The time is read under the lock so the deque stays in time order (history stops at the first old one).
            Event e = new Event(clock.instant(), o, fp, src, m, p);
            if (events.size() >= maxEvents) {
                events.removeFirst();
            }
            events.addLast(e);
        }
    }

    /**
     * Records the decision a {@code plexlabelproxy_audit:} line reports (its outcome, method, path, source and
     * token_fp fields); any other line, such as a summary, is ignored. Meant to sit beside the journal as a second
     * consumer of the policy's lines.
     */
    public void recordLine(String line) {
        if (line == null || !line.startsWith(SecurityAuditLine.PREFIX + " ")) {
            return;
        }
        Map<String, String> fields = fields(line.substring(SecurityAuditLine.PREFIX.length() + 1));
        String outcome = fields.get("outcome");
        String fp = fields.getOrDefault("token_fp", "missing");
        if (outcome == null || !FINGERPRINT.matcher(fp).matches()) {
            return;
        }
        record(outcome, fp, fields.getOrDefault("source", ""), fields.getOrDefault("method", ""),
                fields.getOrDefault("path", ""));
    }

    /** {@code key=value} fields up to {@code reason=}, the only quoted one, which comes last. */
    private static Map<String, String> fields(String rest) {
        int reason = rest.indexOf(" reason=");
        String head = reason < 0 ? rest : rest.substring(0, reason);
        Map<String, String> out = new HashMap<>();
        for (String part : head.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    @Override
    public List<Event> recent(String outcome, int limit) {
        int n = Math.max(1, Math.min(MAX_LIMIT, limit));
        List<Event> out = new ArrayList<>(Math.min(n, 64));
        synchronized (events) {
            for (Iterator<Event> it = events.descendingIterator(); it.hasNext() && out.size() < n; ) {
                Event e = it.next();
                if (outcome == null || outcome.isEmpty() || e.outcome().equals(outcome)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @Override
    public List<Minute> history(int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes must be 1.." + MAX_MINUTES);
        }
        long last = Math.floorDiv(clock.millis(), MINUTE_MS) * MINUTE_MS;
        long from = last - (minutes - 1) * MINUTE_MS;
        long[] elevated = new long[minutes];
        long[] denied = new long[minutes];
        synchronized (events) {
            for (Iterator<Event> it = events.descendingIterator(); it.hasNext(); ) {
                Event e = it.next();
                long at = e.time().toEpochMilli();
                if (at < from) {
                    break;
                }
                int i = (int) ((Math.floorDiv(at, MINUTE_MS) * MINUTE_MS - from) / MINUTE_MS);
                if (i >= minutes) {
                    continue;
                }
                if (AuditEvents.isElevated(e.outcome())) {
                    elevated[i]++;
                } else if (AuditEvents.isDenied(e.outcome())) {
                    denied[i]++;
                }
            }
        }
        List<Minute> out = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            out.add(new Minute(Instant.ofEpochMilli(from + i * MINUTE_MS), elevated[i], denied[i]));
        }
        return out;
    }

    private static String withoutQuery(String path) {
        if (path == null) {
            return "";
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
