package io.doorman.console;

import io.doorman.proxy.ProxyServer;
import java.util.concurrent.CompletableFuture;

/**
 * Ready means: the proxy accepts connections and PMS accepts a TCP connection. The upstream probe result is
 * kept for a second so a tight health-check loop does not become a connection flood against PMS.
 */
final class ReadinessCheck {

    private static final long CACHE_NANOS = 1_000_000_000L;

    private final ProxyServer proxy;
    private CompletableFuture<String> last;
    private long lastAt;

    ReadinessCheck(ProxyServer proxy) {
        this.proxy = proxy;
    }

    /** Completes with null when ready, else a short reason. */
    synchronized CompletableFuture<String> check() {
        if (!proxy.isAccepting()) {
            return CompletableFuture.completedFuture("proxy is not accepting connections");
        }
        long now = System.nanoTime();
        if (last == null || now - lastAt > CACHE_NANOS) {
            last = proxy.checkUpstream();
            lastAt = now;
        }
        return last;
    }
}
