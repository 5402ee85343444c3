package io.doorman.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    // The batch is encoded straight into one buffer by a reused encoder. String.getBytes made an array per line
    // and took its slow path for every "done" line, whose Go duration ends in "µs" (not ASCII): about a third of
    // this thread's time at full load. A character that cannot be encoded (a lone surrogate) becomes '?', as
    // with getBytes.
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private CharBuffer chars = CharBuffer.allocate(1024);
    private ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);

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
        try {
            while (true) {
                batch.add(queue.take());
                // Let a batch gather: while this thread sleeps (rather than waits on the queue), adding a
                // line wakes nobody, so a busy proxy pays no thread switch per line on its core.
                Thread.sleep(BATCH_MILLIS);
                queue.drainTo(batch, 16_384);
                boolean stop = false;
                bytes.clear();
                for (String line : batch) {
                    if (line == STOP) {
                        stop = true;
                        break;
                    }
                    append(line);
                }
                batch.clear();
                if (bytes.position() > 0) {
                    out.write(bytes.array(), 0, bytes.position());
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

    private void append(String line) {
        int n = line.length();
        if (chars.capacity() < n) {
            chars = CharBuffer.allocate(Math.max(n, chars.capacity() * 2));
        }
        line.getChars(0, n, chars.array(), 0);
        chars.clear().limit(n);
        int most = n * 3 + 1; // UTF-8 takes at most 3 bytes per UTF-16 char, plus the newline
        if (bytes.remaining() < most) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(bytes.capacity() * 2, bytes.position() + most));
            bytes = bigger.put(bytes.flip());
        }
        utf8.reset();
        utf8.encode(chars, bytes, true);
        utf8.flush(bytes);
        bytes.put((byte) '\n');
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
