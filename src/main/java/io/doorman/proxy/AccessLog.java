package io.doorman.proxy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, written by its own thread: the I/O thread only enqueues a record; redaction,
 * formatting and the write happen off the event loop. When the writer falls behind, lines are dropped
 * and counted rather than slowing the proxy.
 */
final class AccessLog implements AutoCloseable {

    /** Logger name: route or silence it in logback.xml. */
    static final String LOGGER = "doorman.access";

    record Entry(long epochMillis, InetAddress client, boolean local, String method, String target, int status,
            long bytes, long nanos) {
    }

    private static final Entry POISON = new Entry(0, null, false, null, null, 0, 0, 0);
    // Each period a busy writer wakes once (a timer wake-up and two thread switches on the proxy's core);
    // 10 ms keeps a line's delay far below what anyone reading the log notices.
    private static final long BATCH_MILLIS = 10;

    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final TargetRedactor redactor;
    private final ProxyMetrics metrics;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(65536);
    private final Thread writer;
    private final boolean enabled;
    private StringBuilder lines = new StringBuilder(64 * 1024);

    AccessLog(TargetRedactor redactor, ProxyMetrics metrics) {
        this.redactor = redactor;
        this.metrics = metrics;
        this.enabled = log.isInfoEnabled();
        this.writer = Thread.ofPlatform().daemon().name("doorman-access-log").unstarted(this::drain);
        if (enabled) {
            writer.start();
        }
    }

    boolean enabled() {
        return enabled;
    }

    void record(Entry e) {
        if (enabled && !queue.offer(e)) {
            metrics.accessLogDropped.incrementAndGet();
        }
    }

    private void drain() {
        BatchedDrain.run(queue, BATCH_MILLIS, 16_384, this::writeBatch);
    }

    // One logging event (so one write) per batch, as nginx's buffered access_log does: a write per line was a
    // system call per request on the proxy's core. The lines are unchanged.
    private boolean writeBatch(List<Entry> batch) {
        boolean more = true;
        lines.setLength(0);
        for (Entry e : batch) {
            if (e == POISON) {
                more = false;
                break;
            }
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            format(lines, e);
        }
        if (!lines.isEmpty()) {
            log.info(lines.toString());
        }
        if (lines.capacity() > 1024 * 1024) {
            lines = new StringBuilder(64 * 1024);
        }
        return more;
    }

    // The writer thread's last timestamp and client, formatted: at thousands of lines a second most lines
    // repeat both, and formatting an Instant or an address per line was most of the writer's work.
    private long lastMillis = Long.MIN_VALUE;
    private String lastTime;
    private InetAddress lastClient;
    private String lastClientText;

    void format(StringBuilder sb, Entry e) {
        if (e.epochMillis() != lastMillis) {
            lastMillis = e.epochMillis();
            lastTime = Instant.ofEpochMilli(lastMillis).toString();
        }
        if (!e.client().equals(lastClient)) {
            lastClient = e.client();
            lastClientText = io.netty.util.NetUtil.toAddressString(lastClient);
        }
        sb.append(lastTime).append(' ')
                .append(lastClientText).append(' ')
                .append(e.local() ? "local" : "remote").append(' ')
                .append(e.method()).append(' ')
                .append(redactor.redact(e.target())).append(' ')
                .append(e.status()).append(' ')
                .append(e.bytes()).append(' ');
        // Milliseconds with one decimal, rounded half up, as "%.1fms" printed it, without a Formatter per line.
        long tenths = (Math.max(0, e.nanos()) + 50_000) / 100_000;
        sb.append(tenths / 10).append('.').append(tenths % 10).append("ms");
    }

    @Override
    public void close() {
        if (!enabled) {
            return;
        }
        try {
            queue.offer(POISON, 1, TimeUnit.SECONDS);
            writer.join(2000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
