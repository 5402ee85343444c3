package io.doorman.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * One re-armable timeout per connection with at most one scheduled task, so arming it per request costs a
 * field write, not a scheduler insertion (the idea of Netty's IdleStateHandler). Event-loop confined.
 */
final class Deadline implements Runnable {

    private final EventLoop loop;
    private final Runnable onExpiry;
    private long deadlineNanos;
    private boolean armed;
    private boolean scheduled;
    private long scheduledFor;

    Deadline(EventLoop loop, Runnable onExpiry) {
        this.loop = loop;
        this.onExpiry = onExpiry;
    }

    void arm(long timeoutNanos) {
        arm(timeoutNanos, System.nanoTime());
    }

    /** As {@link #arm(long)}, counting from {@code nowNanos}, a {@link System#nanoTime()} the caller just read. */
    void arm(long timeoutNanos, long nowNanos) {
        deadlineNanos = nowNanos + timeoutNanos;
        armed = true;
        if (!scheduled || scheduledFor - deadlineNanos > 0) {
            schedule(timeoutNanos);
        }
    }

    void disarm() {
        armed = false;
    }

    boolean isArmed() {
        return armed;
    }

    private void schedule(long delayNanos) {
        scheduled = true;
        scheduledFor = System.nanoTime() + delayNanos;
        loop.schedule(this, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        if (scheduledFor - System.nanoTime() > 0) {
            return; // a stale task: a newer, earlier one was scheduled and is still pending
        }
        scheduled = false;
        if (!armed) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        armed = false;
        onExpiry.run();
    }
}
