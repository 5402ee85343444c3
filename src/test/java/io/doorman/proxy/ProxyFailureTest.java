package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.plex.PlexTokens;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input, a missing or slow PMS and stale connections get clear answers and never hurt other clients. */
class ProxyFailureTest {

    private static void assertStillServes(ProxyHarness h) throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void pmsDownGives502WithAShortReason() throws Exception {
        int dead = FreePorts.next();
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0))
                .upstream(URI.create("http://127.0.0.1:" + dead)).adminListen(null).build();
        ProxyServer p = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget), new SimpleMeterRegistry())
                .start();
        try (RawHttp c = RawHttp.connect(p.address())) {
            for (int i = 0; i < 2; i++) {
                c.send("GET /library/sections?X-Plex-Token=secret HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = c.readResponse();
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.header("Content-Type")).startsWith("text/plain");
                assertThat(r.bodyText()).isEqualTo("upstream http://127.0.0.1:" + dead
                        + " unreachable: Connection refused\n");
            }
        } finally {
            p.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void slowPmsGives504AndOthersAreUnaffected() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.responseTimeout(Duration.ofMillis(300)))) {
            try (RawHttp c = h.connect()) {
                c.send("GET /slow/3000 HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = c.readResponse();
                assertThat(r.status()).isEqualTo(504);
                assertThat(r.bodyText()).isEqualTo("upstream did not answer within 300ms\n");
                c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.readResponse().status()).as("same connection still works").isEqualTo(200);
            }
            assertStillServes(h);
        }
    }

    @Test
    void hangingPmsDoesNotBlockOtherClients() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1)); RawHttp hung = h.connect()) {
            hung.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
            h.pms.awaitRequest(r -> r.target().equals("/hang"), Duration.ofSeconds(5));
            for (int i = 0; i < 5; i++) {
                assertStillServes(h);
            }
        }
    }

    @Test
    void malformedRequestLineGets400() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp c = h.connect()) {
            c.send("THIS IS NOT HTTP\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(400);
            assertThat(c.isClosedByPeer()).isTrue();
            assertStillServes(h);
            assertThat(h.pms.requests()).noneMatch(q -> q.target().contains("NOT"));
        }
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.bodyText()).contains("65536");
            assertStillServes(h);
        }
    }

    @Test
    void oversizedUriGets414() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.maxUriBytes(4096)); RawHttp c = h.connect()) {
            c.send("GET /library/sections?q=" + "b".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(414);
            assertStillServes(h);
        }
    }

    @Test
    void clientSendingHeadersTooSlowlyIsCutOff() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.headerTimeout(Duration.ofMillis(400))); RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n");
            Thread.sleep(200);
            c.send("X-Slow: 1\r\n");
            assertThat(c.isClosedByPeer(Duration.ofSeconds(5))).isTrue();
            assertThat(h.pms.requests()).isEmpty();
            assertStillServes(h);
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterIdleTimeout() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.idleTimeout(Duration.ofMillis(400))); RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            assertThat(c.isClosedByPeer(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void upstreamConnectionsArePooledAndReused() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1))) {
            for (int i = 0; i < 20; i++) {
                try (RawHttp c = h.connect()) {
                    c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\nGET /library/sections HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(c.readResponse().status()).isEqualTo(200);
                    assertThat(c.readResponse().status()).as("pipelined second request").isEqualTo(200);
                }
            }
            assertThat(h.pms.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void pooledConnectionClosedByPmsIsNotUsedAgain() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1))) {
            h.pms.setCloseAfterResponse(true);
            for (int i = 0; i < 10; i++) {
                assertStillServes(h);
            }
            assertThat(h.pms.connectionsAccepted()).isEqualTo(10);
        }
    }

    @Test
    void staleReusedConnectionIsRetriedOnceForIdempotentRequests() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1))) {
            assertStillServes(h); // leaves one pooled connection
            h.pms.clear();
            try (RawHttp c = h.connect()) {
                c.send("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = c.readResponse();
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.bodyText()).startsWith("upstream closed the connection before answering");
            }
            assertThat(h.pms.requests()).as("first try on the pooled connection, one retry on a new one").hasSize(2);
            assertThat(h.registry.get("doorman.upstream.retries").counter().count()).isEqualTo(1.0);

            assertStillServes(h);
            h.pms.clear();
            try (RawHttp c = h.connect()) {
                c.send("POST /drop HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
                assertThat(c.readResponse().status()).isEqualTo(502);
            }
            assertThat(h.pms.requests()).as("POST is never retried").hasSize(1);
        }
    }

    @Test
    void freshConnectionFailureIsNotRetried() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.ioThreads(1)); RawHttp c = h.connect()) {
            c.send("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(502);
            assertThat(h.pms.requests()).hasSize(1);
        }
    }

    @Test
    void upstreamDyingMidResponseCutsTheClientOff() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp c = h.connect()) {
            c.send("GET /slow-body/100000000/20 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            c.in().readNBytes(100_000);
            h.pms.close();
            long got = 100_000 + c.in().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(got).as("truncated, never padded").isLessThan(100_000_000L);
        }
    }

    @Test
    void portInUseIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", taken.getLocalPort())).build();
            ProxyServer p = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget), new SimpleMeterRegistry());
            org.assertj.core.api.Assertions.assertThatThrownBy(p::start).isInstanceOf(StartupException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use");
        }
    }

    @Test
    void activeConnectionGaugeReturnsToZero() throws Exception {
        try (ProxyHarness h = ProxyHarness.start()) {
            for (int i = 0; i < 5; i++) {
                assertStillServes(h);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> h.registry.get("doorman.connections.active").gauge().value() == 0.0);
        }
    }

    @Test
    void connectAndTraceAreRefusedWithoutReachingPms() throws Exception {
        try (ProxyHarness h = ProxyHarness.start()) {
            try (RawHttp c = h.connect()) {
                c.send("TRACE /identity?X-Plex-Token=secret HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = c.readResponse();
                assertThat(r.status()).isEqualTo(501);
                assertThat(r.bodyText()).isEqualTo("TRACE is not supported\n");
                c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.readResponse().status()).as("the connection stays usable").isEqualTo(200);
            }
            try (RawHttp c = h.connect()) {
                c.send("CONNECT /:/timeline HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.readResponse().status()).isEqualTo(501);
            }
            assertThat(h.pms.requests()).extracting(r -> r.method()).containsOnly("GET");
            assertStillServes(h);
        }
    }
}
