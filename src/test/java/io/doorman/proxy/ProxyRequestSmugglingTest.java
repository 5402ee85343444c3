package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request heads whose framing a proxy and the server behind it could read differently (RFC 9112 sections 5,
 * 6 and 7, and the usual smuggling tricks). Each case is followed by a request for {@code /SMUGGLED}, which an
 * ambiguous framing might make part of a body or a second request. Cases that RFC 9112 says a server MUST
 * reject get 400 and a closed connection, and PMS sees neither request. The others may be refused the same
 * way or forwarded, and then PMS gets the body the unambiguous reading gives, framed one way only; where the
 * RFC says the connection must close after the answer, the request after it never reaches PMS.
 */
class ProxyRequestSmugglingTest {

    /** The request after each case; {@code {case}} becomes the case's own mark, as PMS keeps every case's requests. */
    private static final String HIDDEN = "GET /SMUGGLED/{case} HTTP/1.1\r\nHost: x\r\n\r\n";

    private static ProxyHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ProxyHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Stream<Arguments> mustBeRejected() {
        return Stream.of(
                // RFC 9112 6.3: differing Content-Length values are an unrecoverable error.
                post("two Content-Length headers that differ", "Content-Length: 4\r\nContent-Length: 40\r\n", "abcd"),
                post("a Content-Length list that differs", "Content-Length: 4, 40\r\n", "abcd"),
                post("a Content-Length with a sign", "Content-Length: +4\r\n", "abcd"),
                post("a negative Content-Length", "Content-Length: -4\r\n", "abcd"),
                post("a Content-Length in hex", "Content-Length: 0x4\r\n", "abcd"),
                post("a Content-Length with a letter", "Content-Length: 4a\r\n", "abcd"),
                post("a Content-Length too big for any counter",
                        "Content-Length: 184467440737095516160\r\n", "abcd"),
                // RFC 9112 6.3 rule 4: a request whose last transfer coding is not chunked cannot be framed.
                post("a Transfer-Encoding that ends in gzip", "Transfer-Encoding: chunked, gzip\r\n", chunked("abcd")),
                post("a Transfer-Encoding of gzip alone", "Transfer-Encoding: gzip\r\n", "abcd"),
                post("a Transfer-Encoding of identity", "Transfer-Encoding: identity\r\n", "abcd"),
                post("a Transfer-Encoding that is not a coding", "Transfer-Encoding: xchunked\r\n", chunked("abcd")),
                // RFC 9112 5.1: whitespace between a field name and its colon MUST get 400.
                post("a space before the colon of Content-Length", "Content-Length : 4\r\n", "abcd"),
                post("a space before the colon of Transfer-Encoding", "Transfer-Encoding : chunked\r\n",
                        chunked("abcd")),
                post("a tab before the colon of Transfer-Encoding", "Transfer-Encoding\t: chunked\r\n",
                        chunked("abcd")),
                // RFC 9110 5.5 / 9112 2.2: CR, LF and NUL never appear in a field value; a bare CR is refused.
                get("a NUL in a header value", "X-Note: a\0b\r\n"),
                get("a bare CR in a header value", "X-Note: a\rb\r\n"),
                get("a bare CR ending a header line", "X-Note: ab\rContent-Length: 30\r\n"),
                // RFC 9110 5.1: a field name is a token.
                get("a space inside a header name", "X Note: ab\r\n"),
                get("a control character inside a header name", "X\u0001Note: ab\r\n"),
                get("a separator inside a header name", "X(Note): ab\r\n"),
                get("a header line without a colon", "X-Note ab\r\n"),
                get("a header with an empty name", ": ab\r\n"),
                // RFC 9112 7.1: a chunk size is hex digits.
                post("a chunk size that is not hex", "Transfer-Encoding: chunked\r\n", "z\r\nabcd\r\n0\r\n\r\n"),
                post("a chunk size too big for any counter", "Transfer-Encoding: chunked\r\n",
                        "10000000000000000000000004\r\nabcd\r\n0\r\n\r\n"));
    }

    static Stream<Arguments> mayBeForwardedFramedOneWay() {
        return Stream.of(
                // RFC 9112 6.1: Transfer-Encoding overrides Content-Length; the server MAY reject, and either way
                // closes the connection after answering.
                closing("Content-Length and chunked together", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                        chunked("abcd")),
                closing("chunked and Content-Length together", "Transfer-Encoding: chunked\r\nContent-Length: 40\r\n",
                        chunked("abcd")),
                closing("Content-Length and a chunked Transfer-Encoding in capitals",
                        "Content-Length: 4\r\nTransfer-Encoding: CHUNKED\r\n", chunked("abcd")),
                // RFC 9112 6.3: the same Content-Length twice MAY be taken as one.
                post("the same Content-Length twice", "Content-Length: 4\r\nContent-Length: 4\r\n", "abcd"),
                post("a Content-Length list of one value", "Content-Length: 4, 4\r\n", "abcd"),
                post("a Content-Length with whitespace around it", "Content-Length:  4 \r\n", "abcd"),
                post("chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                        chunked("abcd")),
                post("chunked with a tab before it", "Transfer-Encoding:\tchunked\r\n", chunked("abcd")),
                post("chunked with chunk extensions", "Transfer-Encoding: chunked\r\n",
                        "4;name=value\r\nabcd\r\n0\r\n\r\n"),
                post("chunked with a trailer", "Transfer-Encoding: chunked\r\n", "4\r\nabcd\r\n0\r\nX-Sum: 1\r\n\r\n"),
                // RFC 9112 5.2: obs-fold MUST be rejected or replaced by a space before the field is forwarded.
                post("a Transfer-Encoding folded onto a second line", "Transfer-Encoding:\r\n chunked\r\n",
                        chunked("abcd")),
                post("a folded header before Content-Length", "X-Note: a\r\n b\r\nContent-Length: 4\r\n", "abcd"),
                // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 request means faulty framing.
                Arguments.of("chunked in an HTTP/1.0 request",
                        "POST /echo/form HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("abcd")
                                + HIDDEN, "abcd", true),
                // RFC 9112 9.3 and 9.6: no request after one that closes the connection is processed (an
                // HTTP/1.0 request closes it unless it asks for keep-alive).
                Arguments.of("an HTTP/1.0 request with a length",
                        "POST /echo/form HTTP/1.0\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd"
                                + HIDDEN, "abcd", true),
                closing("a request that closes the connection", "Connection: close\r\nContent-Length: 4\r\n", "abcd"),
                // RFC 9112 2.2: a recipient MAY take a bare LF as the end of a line.
                Arguments.of("lines ending in LF alone",
                        "POST /echo/form HTTP/1.1\nHost: x\nContent-Length: 4\n\nabcd", "abcd", false));
    }

    /** The framing headers and body of a POST, and the hidden request after it. */
    private static Arguments post(String name, String framing, String body) {
        return post(name, framing, body, false);
    }

    /** As {@link #post}, for framing after which RFC 9112 says the connection MUST be closed. */
    private static Arguments closing(String name, String framing, String body) {
        return post(name, framing, body, true);
    }

    private static Arguments post(String name, String framing, String body, boolean mustClose) {
        return Arguments.of(name, "POST /echo/form HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n" + body + HIDDEN,
                "abcd", mustClose);
    }

    private static Arguments get(String name, String header) {
        return Arguments.of(name, "GET /echo/form HTTP/1.1\r\nHost: x\r\n" + header + "\r\n" + HIDDEN, "", true);
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mustBeRejected")
    void isRejected(String name, String request) throws Exception { // a refusal always closes: no flag needed
        try (RawHttp c = h.connect()) {
            c.send(request.replace("{case}", mark(name)).getBytes(StandardCharsets.ISO_8859_1));
            RawResponse r = c.readResponse();
            assertThat(r.status()).as("%s: %s", name, r).isEqualTo(400);
            assertThat(c.isClosedByPeer()).as("%s: connection closed after the 400", name).isTrue();
        }
        assertNothingHiddenReachedPms(name);
        assertThat(h.pms.requests()).as(name).noneMatch(q -> q.target().equals("/echo/form"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mayBeForwardedFramedOneWay")
    void isRejectedOrForwardedFramedOneWay(String name, String request, String body, boolean mustClose)
            throws Exception {
        int before = formRequests().size();
        try (RawHttp c = h.connect()) {
            c.send(request.replace("{case}", mark(name)).getBytes(StandardCharsets.ISO_8859_1));
            RawResponse r = c.readResponse();
            if (r.status() == 400) {
                assertThat(c.isClosedByPeer()).as("%s: connection closed after the 400", name).isTrue();
            } else {
                assertThat(r.status()).as("%s: %s", name, r).isEqualTo(200);
                List<RecordedRequest> got = formRequests();
                assertThat(got).as(name).hasSize(before + 1);
                RecordedRequest q = got.get(got.size() - 1);
                assertFramedOneWay(name, q);
                assertThat(q.bodyText()).as(name).isEqualTo(body);
                assertThat(q.header("X-Note")).as(name).isIn(null, "a b", "a  b");
                if (mustClose) {
                    assertThat(c.isClosedByPeer()).as("%s: connection closed after the answer", name).isTrue();
                }
            }
        }
        if (mustClose) {
            assertNothingHiddenReachedPms(name);
        } // else the bytes after the body are a second request the client may pipeline: PMS may get it

    }

    private static String mark(String caseName) {
        return Integer.toHexString(caseName.hashCode());
    }

    private static List<RecordedRequest> formRequests() {
        return h.pms.requests().stream().filter(q -> q.target().equals("/echo/form")).toList();
    }

    /** At most one of Content-Length and Transfer-Encoding, and a Transfer-Encoding is chunked alone. */
    private static void assertFramedOneWay(String name, RecordedRequest q) {
        List<String> lengths = q.headers("Content-Length");
        List<String> codings = q.headers("Transfer-Encoding");
        assertThat(lengths.isEmpty() || codings.isEmpty()).as("%s: framed one way: %s", name, q).isTrue();
        assertThat(lengths.size()).as("%s: one Content-Length: %s", name, q).isLessThanOrEqualTo(1);
        if (!codings.isEmpty()) {
            assertThat(codings).as("%s: %s", name, q).containsExactly("chunked");
        }
        if (!lengths.isEmpty()) {
            assertThat(lengths.get(0)).as("%s: %s", name, q).matches("\\d+");
        }
    }

    /**
     * A request sent afterwards on a new connection reaches PMS, and the hidden one did not: had the first
     * connection's bytes reached PMS as a second request, PMS would have read it first on its connection, and
     * a moment is left for one that went out on another.
     */
    private static void assertNothingHiddenReachedPms(String name) throws IOException, InterruptedException {
        String marker = "/identity?after=" + mark(name);
        try (RawHttp c = h.connect()) {
            c.send("GET " + marker + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
        h.pms.awaitRequest(q -> q.target().equals(marker), Duration.ofSeconds(5));
        Thread.sleep(100);
        assertThat(h.pms.requests()).as("%s: the hidden request reached PMS", name)
                .noneMatch(q -> q.target().equals("/SMUGGLED/" + mark(name)));
    }
}
