package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PlexTokens;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What Doorman's own HTTP/1.1 encoder puts on the wire, in the corners a fake PMS does not reach: bodies a
 * response must not carry, chunk trailers, request targets and header values the encoder has to mend.
 */
class ProxyMessageFramingTest {

    @Test
    void answerToHeadKeepsItsLengthButSendsNoBody() throws Exception {
        RequestPolicy answer = (head, body) -> CompletableFuture.completedFuture(
                head.rawPath().equals("/answered") ? RequestDecision.Respond.text(429, "not now") : RequestDecision.FORWARD);
        try (ProxyHarness h = ProxyHarness.start(b -> b,
                new ProxyHooks(answer, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE, PlexTokens::redactTarget));
                RawHttp c = h.connect()) {
            c.send("HEAD /answered HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse(true);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Content-Length")).isEqualTo("8");
            c.send("GET /answered HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse next = c.readResponse();
            assertThat(next.status()).as("no stray body before the next response").isEqualTo(429);
            assertThat(next.bodyText()).isEqualTo("not now\n");
        }
    }

    @Test
    void chunkTrailersFromPmsReachTheClient() throws Exception {
        try (ScriptedOrigin pms = new ScriptedOrigin(); ProxyHarness h = ProxyHarness.start(b -> b.upstream(pms.uri()));
                RawHttp c = h.connect()) {
            pms.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                    + "5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");
            c.send("GET /t HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = c.readHead();
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Trailer")).as("hop-by-hop").isNull();
            assertThat(readExactly(c.in(), "5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n".length()))
                    .isEqualTo("5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");
            pms.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            c.send("GET /t2 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void noContentLosesItsLengthAndResetContentItsBody() throws Exception {
        try (ScriptedOrigin pms = new ScriptedOrigin(); ProxyHarness h = ProxyHarness.start(b -> b.upstream(pms.uri()));
                RawHttp c = h.connect()) {
            pms.answer("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nX-A: 1\r\n\r\n");
            c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.header("X-A")).isEqualTo("1");
            pms.answer("HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\n\r\n");
            c.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse reset = c.readResponse();
            assertThat(reset.status()).isEqualTo(205);
            assertThat(reset.header("Content-Length")).isEqualTo("0");
            pms.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            c.send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void absoluteTargetWithoutAPathGetsOne() throws Exception {
        try (ScriptedOrigin pms = new ScriptedOrigin(); ProxyHarness h = ProxyHarness.start(b -> b.upstream(pms.uri()));
                RawHttp c = h.connect()) {
            pms.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            c.send("GET http://x?a=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            assertThat(pms.requestLine()).isEqualTo("GET http://x/?a=1 HTTP/1.1");
        }
    }

    @Test
    void headerValueOutsideLatin1CannotBreakTheRequestHead() throws Exception {
        // U+010A would be a line feed if only its low byte were written.
        RequestPolicy edit = (head, body) -> CompletableFuture.completedFuture(
                new RequestDecision.Forward(null, List.of(new Header("X-Edit", "a\u010AInjected: 1")), null));
        try (ScriptedOrigin pms = new ScriptedOrigin();
                ProxyHarness h = ProxyHarness.start(b -> b.upstream(pms.uri()),
                        new ProxyHooks(edit, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE, PlexTokens::redactTarget));
                RawHttp c = h.connect()) {
            pms.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            c.send("GET /e HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            List<String> head = pms.head();
            assertThat(head).contains("X-Edit: a?Injected: 1");
            assertThat(head).noneMatch(l -> l.startsWith("Injected"));
        }
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * A one-connection-at-a-time origin that answers each request with the next scripted bytes and keeps every
     * request head it read, as lines: for checking exactly what Doorman wrote.
     */
    private static final class ScriptedOrigin implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final BlockingQueue<List<String>> heads = new LinkedBlockingQueue<>();
        private final Thread thread;

        ScriptedOrigin() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "scripted-origin");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        void answer(String response) {
            answers.add(response);
        }

        List<String> head() throws InterruptedException {
            List<String> h = heads.poll(10, TimeUnit.SECONDS);
            assertThat(h).as("a request reached the origin").isNotNull();
            return h;
        }

        String requestLine() throws InterruptedException {
            return head().get(0);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (List<String> head; (head = readHead(in)) != null; ) {
                        heads.add(head);
                        String a = answers.poll(10, TimeUnit.SECONDS);
                        if (a == null) {
                            break;
                        }
                        out.write(a.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the test, or the proxy dropped the connection: wait for the next one
                }
            }
        }

        /** The request head's lines, up to the blank line; null at end of stream. */
        private static List<String> readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b; (b = in.read()) >= 0; ) {
                sb.append((char) b);
                if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
                    return List.of(sb.substring(0, sb.length() - 4).split("\r\n"));
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
