package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Beyond the per-thread connection cap, requests wait in order and reuse connections as they free up. */
class UpstreamConnectionCapTest {

    @Test
    void burstBeyondTheCapIsServedOverTheCappedConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1).maxUpstreamPerLoop(2))) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String path = i % 4 == 0 ? "/slow/200" : "/identity";
                results.add(pool.submit(() -> {
                    try (RawHttp c = h.connect()) {
                        c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                        return c.readResponse().status();
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
            assertThat(h.pms.connectionsAccepted()).as("never more than the cap").isLessThanOrEqualTo(2);
            assertThat(h.registry.get("doorman.upstream.pool.waiting").gauge().value()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingForAConnectionCountsAgainstTheResponseTimeout() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1).maxUpstreamPerLoop(1)
                .responseTimeout(Duration.ofMillis(400)));
                RawHttp waiting = h.connect()) {
            RawHttp streaming = h.connect();
            // A long download holds the only connection; its head arrived, so its own timer is off.
            streaming.send("GET /slow-body/100000000/20 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(streaming.readHead().status()).isEqualTo(200);
            waiting.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = waiting.readResponse();
            assertThat(r.status()).isEqualTo(504);
            // The client of the download goes away: its connection is dropped and the slot serves the next one.
            streaming.close();
            waiting.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(waiting.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void aClosedConnectionHandsItsSlotToTheNextWaiter() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1).maxUpstreamPerLoop(1))) {
            h.pms.setCloseAfterResponse(true);
            for (int i = 0; i < 5; i++) {
                try (RawHttp c = h.connect()) {
                    c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(c.readResponse().status()).isEqualTo(200);
                }
            }
            assertThat(h.pms.connectionsAccepted()).isEqualTo(5);
        }
    }
}
