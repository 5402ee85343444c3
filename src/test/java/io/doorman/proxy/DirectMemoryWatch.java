package io.doorman.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.util.concurrent.atomic.AtomicLong;

/** Samples Netty's direct memory in use while a transfer runs, to show that nothing is aggregated. */
final class DirectMemoryWatch implements AutoCloseable {

    private final AtomicLong max = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    DirectMemoryWatch() {
        ByteBufAllocatorMetricProvider m = (ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT;
        sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running) {
                max.accumulateAndGet(m.metric().usedDirectMemory(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long maxBytes() {
        return max.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }
}
