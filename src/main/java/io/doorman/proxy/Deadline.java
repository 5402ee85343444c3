package io.doorman.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * One re-armable timeout per connection with at most one scheduled task, so arming it per request costs a
 * field write, not a scheduler insertion (the idea of Netty's IdleStateHandler). Event-loop confined.
 */
final class Deadline implements Runnable {

    private final EventLoop loop;
    private final ReadClock clock;
    private final Runnable onExpiry;
    private long deadlineNanos;
    private boolean armed;
    private boolean scheduled;
    private long scheduledFor;

    Deadline(EventLoop loop, ReadClock clock, Runnable onExpiry) {
        this.loop = loop;
        this.clock = clock;
        this.onExpiry = onExpiry;
    }

    /** Expires {@code timeoutNanos} from now (the current read's time, see {@link ReadClock}). */
    void arm(long timeoutNanos) {
        deadlineNanos = clock.now() + timeoutNanos;
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
