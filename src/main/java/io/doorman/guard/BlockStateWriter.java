package io.doorman.guard;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists guard state off the I/O threads: {@link #changed()} wakes one background thread that writes the
 * latest snapshot, so a burst of changes becomes one or two writes, never a disk write on an event loop.
 */
public final class BlockStateWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockStateWriter.class);

    private final BlockStateFile file;
    private final Supplier<Map<String, SourceState>> snapshot;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doorman-block-state-writer");
        t.setDaemon(true);
        return t;
    });

    public BlockStateWriter(BlockStateFile file, Supplier<Map<String, SourceState>> snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /** Wires a guard to a file: every recorded failure schedules a write. */
    public static BlockStateWriter attach(AbuseGuard guard, BlockStateFile file) {
        BlockStateWriter w = new BlockStateWriter(file, guard::snapshot);
        guard.setChangeListener(w::changed);
        return w;
    }

    /** Schedules a write unless one is already waiting to start (that one will see this change too). */
    public void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.execute(this::writeNow);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pending.set(false);
            }
        }
    }

    private void writeNow() {
        // Cleared before the snapshot so a change racing with this write schedules another.
        pending.set(false);
        try {
            file.write(snapshot.get());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write abuse block state file {}: {}", file.path(), e.getMessage());
        }
    }

    /** Writes the final state and stops the thread. */
    @Override
    public synchronized void close() {
        if (thread.isShutdown()) {
            return;
        }
        thread.execute(this::writeNow);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("abuse block state file {} was still being written at shutdown", file.path());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
