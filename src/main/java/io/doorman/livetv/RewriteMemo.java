package io.doorman.livetv;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers the last few rewrites. A rewrite is a pure function of the body PMS sent and a few inputs (the
 * path, the label map in force, the provider the Referer names, the encoding), and PMS sends the same
 * {@code /media/providers} bytes again and again: repeating the parse, relabel and gzip work for each
 * request would cost a hundred times the relay itself. A hit costs one comparison of the bodies. Bounded:
 * a few slots, each holding only bodies up to {@link #MAX_BODY_BYTES}.
 */
final class RewriteMemo {

    static final int SLOTS = 8;
    static final int MAX_BODY_BYTES = 256 * 1024;

    /**
     * One remembered rewrite.
     *
     * @param context everything besides the body the result depends on (compared with equals)
     * @param labels  the label map instance in force (compared by identity: a refresh replaces it)
     * @param in      the body as PMS sent it
     * @param out     the rewritten body, or null when it needed no change
     */
    private record Entry(String context, Object labels, byte[] in, byte[] out) {
    }

    /** What a lookup found: {@link #MISS}, or the remembered result (whose {@code body} may be null: unchanged). */
    record Result(byte[] body) {
    }

    static final Result MISS = null;

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

    /** The remembered result for this input, or {@link #MISS}. */
    Result find(String context, Object labels, byte[] in) {
        Entry e = slots.get(slot(context));
        if (e == null || e.labels() != labels || !e.context().equals(context) || !Arrays.equals(e.in(), in)) {
            return MISS;
        }
        return new Result(e.out());
    }

    /** Remembers a result (a body too large to be worth keeping is not). */
    void remember(String context, Object labels, byte[] in, byte[] out) {
        if (in.length <= MAX_BODY_BYTES && (out == null || out.length <= MAX_BODY_BYTES)) {
            slots.set(slot(context), new Entry(context, labels, in, out));
        }
    }

    private static int slot(String context) {
        return Math.floorMod(context.hashCode(), SLOTS);
    }
}
