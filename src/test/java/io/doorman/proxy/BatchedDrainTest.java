package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A busy writer takes what gathered each period; only an idle one waits on the queue. */
class BatchedDrainTest {

    /**
     * A queue whose drains return what the test scripted, one step per drain, and that counts the waits on
     * it: the order of events is fixed by the script, not by timing.
     */
    private static final class ScriptedQueue extends ArrayBlockingQueue<String> {
        final Deque<List<String>> drains = new ArrayDeque<>();
        final AtomicInteger takes = new AtomicInteger();

        ScriptedQueue() {
            super(16);
        }

        @Override
        public String take() throws InterruptedException {
            takes.incrementAndGet();
            return super.take();
        }

        @Override
        public int drainTo(Collection<? super String> c, int max) {
            List<String> step = drains.isEmpty() ? List.of() : drains.poll();
            assertThat(step.size()).isLessThanOrEqualTo(max);
            c.addAll(step);
            return step.size();
        }
    }

    @Test
    void aBusyWriterWritesWhatGatheredEachPeriodAndWaitsOnTheQueueOnlyOnceIdle() throws Exception {
        ScriptedQueue queue = new ScriptedQueue();
        queue.drains.addAll(List.of(List.of("b", "c"), List.of("d"), List.of("e", "f", "g"), List.of(),
                List.of("i"), List.of("STOP")));
        List<List<String>> written = new CopyOnWriteArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> BatchedDrain.run(queue, 1, 100, batch -> {
            written.add(List.copyOf(batch));
            return !batch.contains("STOP");
        }));
        queue.put("a");
        // Three batches come from one wait; the empty period sends the writer back to the queue.
        awaitTakes(queue, 2);
        queue.put("h");
        writer.join(5_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(written).containsExactly(List.of("a", "b", "c"), List.of("d"), List.of("e", "f", "g"),
                List.of("h", "i"), List.of("STOP"));
        assertThat(queue.takes).hasValue(2);
    }

    @Test
    void aBatchIsCutAtTheLimitAndNothingIsLostOrReordered() throws Exception {
        ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(10_000);
        for (int i = 0; i < 2_500; i++) {
            queue.put(i);
        }
        queue.put(-1);
        List<Integer> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        BatchedDrain.run(queue, 1, 1_000, batch -> {
            sizes.add(batch.size());
            for (int n : batch) {
                if (n < 0) {
                    return false;
                }
                seen.add(n);
            }
            return true;
        });
        assertThat(sizes).allMatch(n -> n <= 1_000);
        assertThat(seen).hasSize(2_500);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void anInterruptEndsTheLoopAndKeepsTheFlag() throws Exception {
        ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(4);
        AtomicInteger flagged = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            BatchedDrain.run(queue, 1, 10, batch -> true);
            if (Thread.currentThread().isInterrupted()) {
                flagged.incrementAndGet();
            }
        });
        awaitState(writer, Thread.State.WAITING);
        writer.interrupt();
        writer.join(5_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(flagged).hasValue(1);
    }

    private static void awaitTakes(ScriptedQueue queue, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queue.takes.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(queue.takes.get()).isGreaterThanOrEqualTo(n);
    }

    private static void awaitState(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != state && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(t.getState()).isEqualTo(state);
    }
}
