package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SIGTERM semantics: stop accepting, let in-flight requests finish (up to the drain timeout), then stop. */
class ProxyShutdownTest {

    @Test
    void inFlightRequestFinishesWhileNewConnectionsAreRefused() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp busy = h.connect(); RawHttp idle = h.connect()) {
            int port = h.address().getPort();
            idle.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.readResponse().status()).isEqualTo(200);
            busy.send("GET /slow/800 HTTP/1.1\r\nHost: x\r\n\r\n");
            h.pms.awaitRequest(r -> r.target().equals("/slow/800"), Duration.ofSeconds(5));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> h.proxy.shutdown(Duration.ofSeconds(10)));
            Thread.sleep(200);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
            assertThat(idle.isClosedByPeer(Duration.ofSeconds(2))).as("idle keep-alive closed at once").isTrue();
            RawResponse r = busy.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("slow");
            assertThat(r.header("Connection")).isEqualTo("close");
            stopping.get();
        }
    }

    @Test
    void drainTimeoutCutsOffRequestsThatDoNotFinish() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp hung = h.connect()) {
            hung.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
            h.pms.awaitRequest(r -> r.target().equals("/hang"), Duration.ofSeconds(5));
            long t0 = System.nanoTime();
            h.proxy.shutdown(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            assertThat(hung.isClosedByPeer(Duration.ofSeconds(2))).isTrue();
        }
    }
}
