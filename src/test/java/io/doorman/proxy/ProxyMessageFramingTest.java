package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PlexTokens;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.ScriptedOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
}
