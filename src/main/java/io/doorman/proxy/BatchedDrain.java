package io.doorman.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * The loop of the access log's writer thread: what the proxy's threads queue is handed to {@code write} in batches
 * gathered while this thread sleeps, so that queuing a line never wakes anyone while lines keep coming.
 *
 * <p>Only an idle writer waits on the queue; a busy one sleeps a period, takes what gathered and writes
 * it, until a period passes with nothing new. Waiting on the queue after every batch cost two thread
 * switches and a wake-up call on the proxy's thread per batch whenever the queue was empty right after a
 * write (often, where the proxy's thread shares the core and had not run meanwhile).
 */
final class BatchedDrain {

    /** Writes one batch; false when it met the end of the stream and the loop should stop. */
    @FunctionalInterface
    interface BatchWriter<T> {
        boolean write(List<T> batch);
    }

    private BatchedDrain() {
    }

    /** Runs until {@code write} returns false or the thread is interrupted; returns normally either way. */
    static <T> void run(BlockingQueue<T> queue, long periodMillis, int maxBatch, BatchWriter<T> write) {
        List<T> batch = new ArrayList<>(256);
        try {
            while (true) {
                batch.add(queue.take());
                boolean gathered;
                do {
                    Thread.sleep(periodMillis);
                    queue.drainTo(batch, maxBatch - batch.size());
                    gathered = !batch.isEmpty();
                    if (gathered && !write.write(batch)) {
                        return;
                    }
                    batch.clear();
                } while (gathered);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
