package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.plex.PlexTokens;
import io.doorman.testkit.BytePattern;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.TlsFront;
import io.doorman.testkit.WebSocketFrames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An {@code https} upstream: the CA file, the insecure switch and the JDK's default trust each do what they say. */
class ProxyUpstreamTlsTest {

    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    static FakePms pms;
    /** Certificate for {@code localhost} and {@code 127.0.0.1}. */
    static TlsFront front;
    /** Certificate for {@code localhost} only: reaching it as 127.0.0.1 is a host name mismatch. */
    static TlsFront nameOnlyFront;

    @BeforeAll
    static void start() {
        pms = FakePms.start();
        // Each front runs keytool twice (about a second each): make both at once.
        CompletableFuture<TlsFront> nameOnly = CompletableFuture.supplyAsync(
                () -> TlsFront.start(pms.address(), "dns:localhost"));
        front = TlsFront.start(pms.address());
        nameOnlyFront = nameOnly.orTimeout(60, TimeUnit.SECONDS).join();
    }

    @AfterAll
    static void stop() {
        if (nameOnlyFront != null) {
            nameOnlyFront.close();
        }
        if (front != null) {
            front.close();
        }
        if (pms != null) {
            pms.close();
        }
    }

    /** A proxy in front of {@code upstream}; closing it drains for at most a second. */
    private record RunningProxy(ProxyServer server) implements AutoCloseable {
        static RunningProxy start(String upstream, UnaryOperator<Settings.Builder> tls) throws Exception {
            Settings s = tls.apply(new Settings.Builder()
                    .listen(new HostPort("127.0.0.1", 0))
                    .upstream(URI.create(upstream))
                    .adminListen(null)
                    .ioThreads(2)).build();
            return new RunningProxy(new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget),
                    new SimpleMeterRegistry()).start());
        }

        RawHttp connect() {
            return RawHttp.connect(server.address(), READ_LIMIT);
        }

        @Override
        public void close() {
            server.shutdown(Duration.ofSeconds(1));
        }
    }

    private static RawResponse get(RawHttp c, String target) throws Exception {
        c.send("GET " + target + " HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
        return c.readResponse();
    }

    private static void assertIdentity(RawResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.bodyText()).contains("machineIdentifier=\"fake-machine-id\"");
    }

    @Test
    void trustedCaServesRequestsAndBigBodiesOverOneTlsConnection() throws Exception {
        int handshakesBefore = front.handshakes();
        try (RunningProxy p = RunningProxy.start("https://localhost:" + front.port(), b -> b.upstreamCa(front.caPem()));
                RawHttp c = p.connect()) {
            assertIdentity(get(c, "/identity"));

            long n = 10L * 1024 * 1024;
            c.send("GET /bytes/" + n + " HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
            RawResponse head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Long.toString(n));
            BytePattern.verify(c.in(), 0, n);

            for (int i = 0; i < 3; i++) {
                assertIdentity(get(c, "/identity"));
            }
            assertThat(front.handshakes() - handshakesBefore)
                    .as("sequential requests reuse one pooled TLS connection").isEqualTo(1);
        }
    }

    @Test
    void idleTlsConnectionClosedByPmsIsReplacedTransparently() throws Exception {
        try (RunningProxy p = RunningProxy.start("https://localhost:" + front.port(), b -> b.upstreamCa(front.caPem()));
                RawHttp c = p.connect()) {
            assertIdentity(get(c, "/identity"));
            int handshakesBefore = front.handshakes();
            // Repeated because the fake counts a connection as idle only once it is back waiting for a request.
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                pms.closeIdleConnections();
                return pms.openConnections() == 0;
            });
            // Whether the proxy has noticed the close yet or not (then it retries), the client sees no error.
            assertIdentity(get(c, "/identity"));
            assertIdentity(get(c, "/identity"));
            assertThat(front.handshakes() - handshakesBefore).as("one new TLS connection replaced the closed one")
                    .isEqualTo(1);
        }
    }

    @Test
    void trustedCaAcceptsAnIpLiteralNamedInTheCertificate() throws Exception {
        try (RunningProxy p = RunningProxy.start("https://127.0.0.1:" + front.port(), b -> b.upstreamCa(front.caPem()));
                RawHttp c = p.connect()) {
            assertIdentity(get(c, "/identity"));
        }
    }

    @Test
    void insecureAcceptsTheSelfSignedCertificateWithoutACa() throws Exception {
        try (RunningProxy p = RunningProxy.start("https://localhost:" + front.port(), b -> b.upstreamInsecure(true));
                RawHttp c = p.connect()) {
            assertIdentity(get(c, "/identity"));
        }
    }

    @Test
    void insecureAlsoSkipsTheHostNameCheck() throws Exception {
        // PMS's own plex.direct certificate never names 127.0.0.1: --upstream-insecure exists for exactly that.
        try (RunningProxy p = RunningProxy.start("https://127.0.0.1:" + nameOnlyFront.port(),
                b -> b.upstreamInsecure(true)); RawHttp c = p.connect()) {
            assertIdentity(get(c, "/identity"));
        }
    }

    @Test
    void untrustedCertificateGetsAShort502AndTheProxyKeepsServing() throws Exception {
        int handshakesBefore = front.handshakes();
        int requestsBefore = pms.requests().size();
        try (RunningProxy p = RunningProxy.start("https://localhost:" + front.port(), b -> b)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try (RawHttp c = p.connect()) {
                    RawResponse r = get(c, "/identity");
                    assertBadGatewayWithShortReason(r);
                }
            }
        }
        assertThat(front.handshakes()).as("no TLS session was ever established").isEqualTo(handshakesBefore);
        assertThat(pms.requests()).as("nothing reached PMS").hasSize(requestsBefore);
    }

    @Test
    void hostNameMismatchGets502WhenNotInsecure() throws Exception {
        try (RunningProxy p = RunningProxy.start("https://127.0.0.1:" + nameOnlyFront.port(),
                b -> b.upstreamCa(nameOnlyFront.caPem())); RawHttp c = p.connect()) {
            assertBadGatewayWithShortReason(get(c, "/identity"));
        }
        // Same certificate and CA, reached by the name it carries: accepted, so the 502 above was the name.
        try (RunningProxy p = RunningProxy.start("https://localhost:" + nameOnlyFront.port(),
                b -> b.upstreamCa(nameOnlyFront.caPem())); RawHttp c = p.connect()) {
            assertIdentity(get(c, "/identity"));
        }
    }

    @Test
    void webSocketRelaysOverATlsUpstream() throws Exception {
        try (RunningProxy p = RunningProxy.start("https://localhost:" + front.port(), b -> b.upstreamCa(front.caPem()));
                RawHttp c = p.connect()) {
            String key = WebSocketFrames.newKey();
            c.send("GET /:/websockets/notifications?X-Plex-Token=abc HTTP/1.1\r\nHost: plex.example.com\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            RawResponse head = c.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Sec-WebSocket-Accept")).isEqualTo(WebSocketFrames.acceptFor(key));
            assertThat(WebSocketFrames.read(c.in()).text()).contains("hello");
            c.send(WebSocketFrames.maskedText("over tls"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("over tls");
        }
    }

    private static void assertBadGatewayWithShortReason(RawResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        String body = r.bodyText().strip();
        assertThat(body).as("one short line, no stack trace").doesNotContain("\n").hasSizeLessThan(300)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(body).containsIgnoringCase("upstream");
    }
}
