package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.CheckReport.Status;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.TlsFront;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WebSocketProbe} against the fake PMS over plain HTTP and TLS, and against servers that get it wrong. */
class WebSocketProbeTest {

    static final String TOKEN = "ownerTOKENwsprobe1";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    FakePms pms;

    @BeforeEach
    void start() {
        pms = FakePms.start();
    }

    @AfterEach
    void stop() {
        pms.close();
    }

    @Test
    void upgradesOverPlainHttpAndSendsTheToken() {
        WebSocketProbe.Result r = WebSocketProbe.probe(pms.baseUri(), TOKEN, null, TIMEOUT);
        assertThat(r.upgraded()).as(r.detail()).isTrue();
        assertThat(r.check("proxy.websocket", "x").status()).isEqualTo(Status.PASS);
        var seen = pms.awaitRequest(q -> q.path().equals(WebSocketProbe.PATH), TIMEOUT);
        assertThat(seen.queryParam("X-Plex-Token")).isEqualTo(TOKEN);
        assertThat(seen.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void upgradesOverTlsWithTheGivenTrust() throws Exception {
        try (TlsFront front = TlsFront.start(pms.address())) {
            URI url = URI.create("https://localhost:" + front.port());
            var r = WebSocketProbe.probe(url, TOKEN, ProbeTrust.context(front.caPem()), TIMEOUT);
            assertThat(r.upgraded()).as(r.detail()).isTrue();
            var untrusted = WebSocketProbe.probe(url, TOKEN, null, TIMEOUT);
            assertThat(untrusted.upgraded()).isFalse();
            assertThat(untrusted.status()).isZero();
            assertThat(untrusted.detail()).contains("TLS with localhost:" + front.port() + " failed");
        }
    }

    @Test
    void aRefusalIsAFailureWithItsStatus() {
        pms.script(WebSocketProbe.PATH, 403, List.of(), "no".getBytes(StandardCharsets.UTF_8));
        var r = WebSocketProbe.probe(pms.baseUri(), TOKEN, null, TIMEOUT);
        assertThat(r.upgraded()).isFalse();
        assertThat(r.status()).isEqualTo(403);
        var check = r.check("proxy.websocket", "the proxy");
        assertThat(check.status()).isEqualTo(Status.FAIL);
        assertThat(check.summary()).contains("HTTP 403 (token refused)").doesNotContain(TOKEN);
        assertThat(check.fix()).isNotBlank();
    }

    @Test
    void a101WithoutTheRightAcceptIsNoUpgrade() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    in.read(buf); // the request head fits one read on loopback; its content does not matter here
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBvbmU=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (Exception ignored) {
                    // the probe closing first is fine
                }
            });
            var r = WebSocketProbe.probe(URI.create("http://127.0.0.1:" + server.getLocalPort()), TOKEN, null, TIMEOUT);
            t.join(TIMEOUT.toMillis());
            assertThat(r.upgraded()).isFalse();
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.detail()).contains("Sec-WebSocket-Accept");
        }
    }

    @Test
    void nothingListeningIsAFailureNamingTheAddress() throws Exception {
        int port = FreePorts.next();
        var r = WebSocketProbe.probe(URI.create("http://127.0.0.1:" + port), TOKEN, null, TIMEOUT);
        assertThat(r.upgraded()).isFalse();
        assertThat(r.detail()).isEqualTo("cannot connect to 127.0.0.1:" + port + ": connection refused");
        assertThat(r.check("proxy.websocket", "x").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void theAcceptValueIsRfc6455s() {
        // RFC 6455 §1.3's worked example.
        assertThat(WebSocketProbe.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
