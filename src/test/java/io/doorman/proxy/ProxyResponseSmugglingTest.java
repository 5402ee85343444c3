package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.ScriptedOrigin;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers from PMS whose framing Doorman and the client could read differently, each followed on PMS's
 * connection by a whole second response ({@code SMUGGLED}) that an ambiguous reading would leave waiting as the
 * answer to the next request. Doorman answers 502, or relays the body the unambiguous reading gives framed one
 * way only, or cuts the client off when the head is already out; and the client's next request gets its own
 * answer, never the one left behind.
 */
class ProxyResponseSmugglingTest {

    private static final String LEFT_BEHIND = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nSMUGGLED!";
    private static final String NEXT = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext";

    static Stream<Arguments> answers() {
        return Stream.of(
                head("a plain answer (only the second response is unasked for)", "Content-Length: 5\r\n", "hello"),
                head("a plain answer, then the start of one unasked for", "Content-Length: 5\r\n",
                        "helloHTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nSMUGG"),
                head("Content-Length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", chunked()),
                head("chunked and Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 50\r\n", chunked()),
                head("two Content-Length headers that differ", "Content-Length: 5\r\nContent-Length: 50\r\n",
                        "hello"),
                head("a Content-Length list that differs", "Content-Length: 5, 50\r\n", "hello"),
                head("a Content-Length with a letter", "Content-Length: 5a\r\n", "hello"),
                head("a negative Content-Length", "Content-Length: -5\r\n", "hello"),
                head("a NUL in a header value", "Content-Length: 5\r\nX-Note: a\0b\r\n", "hello"),
                head("a bare CR in a header value", "Content-Length: 5\r\nX-Note: a\rSet-Cookie: x=1\r\n", "hello"),
                head("a space inside a header name", "Content-Length: 5\r\nX Note: ab\r\n", "hello"),
                head("a space before the colon of Content-Length", "Content-Length : 5\r\n", "hello"),
                head("a folded header", "X-Note: a\r\n b\r\nContent-Length: 5\r\n", "hello"),
                head("a chunk size that is not hex", "Transfer-Encoding: chunked\r\n", "z\r\nhello\r\n0\r\n\r\n"),
                head("a chunk size too big for any counter", "Transfer-Encoding: chunked\r\n",
                        "10000000000000000000000005\r\nhello\r\n0\r\n\r\n"));
    }

    private static Arguments head(String name, String framing, String body) {
        return Arguments.of(name, "HTTP/1.1 200 OK\r\n" + framing + "\r\n" + body + LEFT_BEHIND);
    }

    private static String chunked() {
        return "5\r\nhello\r\n0\r\n\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theClientGetsOneReadingAndItsNextAnswerIsItsOwn(String name, String answer) throws Exception {
        try (ScriptedOrigin pms = new ScriptedOrigin(); ProxyHarness h = ProxyHarness.start(b -> b.upstream(pms.uri()))) {
            pms.answer(answer);
            pms.answer(NEXT);
            RawHttp c = h.connect();
            try {
                c.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = readOrNull(c);
                if (r == null) {
                    assertThat(c.isClosedByPeer()).as("%s: a cut-off answer ends the connection", name).isTrue();
                } else if (r.status() != 502) {
                    assertThat(r.status()).as("%s: %s", name, r).isEqualTo(200);
                    assertThat(r.header("Content-Length") == null || r.header("Transfer-Encoding") == null)
                            .as("%s: framed one way: %s", name, r).isTrue();
                    assertThat(r.bodyText()).as(name).isEqualTo("hello");
                    assertThat(r.header("X-Note")).as(name).isIn(null, "a b", "a  b");
                    assertThat(r.header("Set-Cookie")).as("%s: no header made from a bare CR", name).isNull();
                }
                if (r == null || "close".equalsIgnoreCase(r.header("Connection"))) {
                    c.close();
                    c = h.connect();
                }
                c.send("GET /second HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse second = c.readResponse();
                assertThat(second.bodyText()).as("%s: the next request's own answer", name).isEqualTo("next");
            } finally {
                c.close();
            }
        }
    }

    /** The response, or null when the connection ended before a whole one arrived. */
    private static RawResponse readOrNull(RawHttp c) {
        try {
            return c.readResponse();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
