package io.doorman.proxy;

import static io.doorman.proxy.DecoderInputs.ascii;
import static io.doorman.proxy.DecoderInputs.buffer;
import static io.doorman.proxy.DecoderInputs.bytewiseCuts;
import static io.doorman.proxy.DecoderInputs.concat;
import static io.doorman.proxy.DecoderInputs.fields;
import static io.doorman.proxy.DecoderInputs.randomBytes;
import static io.doorman.proxy.DecoderInputs.randomCuts;
import static io.doorman.proxy.DecoderInputs.readAll;
import static io.doorman.proxy.DecoderInputs.summary;
import static io.doorman.proxy.DecoderInputs.withBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.doorman.proxy.DecoderInputs.Field;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Doorman's decoder of PMS's HTTP/1.1 answers: on valid responses it reads what Netty's
 * {@link HttpResponseDecoder} (configured as the old code had it) reads, whatever the reads' boundaries; it
 * refuses malformed heads and bodies (and everything after them, so nothing is smuggled behind them); it ends
 * or fails the message in progress when the connection closes; after a {@code 101} it passes the bytes on raw;
 * and it hands a large body on in pieces of at most 1 MiB.
 */
class UpstreamResponseDecoderTest {

    /** What Doorman gives the decoder in production with the default settings: 16 KiB + 64 KiB. */
    private static final int MAX_HEAD = 16 * 1024 + 64 * 1024;
    private static final int MAX_PIECE = 1024 * 1024;
    private static final int RANDOM_SPLITS_PER_CASE = 8;
    private static final String SMUGGLED = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nSMUGGLED!";

    // ---------------------------------------------------------------------------------------------------------
    // 1. Differential: the new decoder reads valid responses as Netty does, however the bytes are split.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("validResponses")
    void readsValidResponsesAsNettyDoesHoweverTheBytesAreSplit(Case c) {
        List<Response> netty = run(new NettyReference(c.method()), c.bytes(), new int[0], false).responses();
        assertThat(netty).as("Netty's reading of the corpus case (the reference itself)").hasSize(c.responses())
                .allSatisfy(r -> {
                    assertThat(r.failed()).as("failed").isFalse();
                    assertThat(r.ended()).as("ended").isTrue();
                });

        List<Feed> feeds = new ArrayList<>();
        feeds.add(new Feed("one heap buffer", new int[0], false));
        feeds.add(new Feed("one direct buffer", new int[0], true));
        feeds.add(new Feed("one byte at a time", bytewiseCuts(c.bytes().length), c.bytes().length % 2 == 0));
        Random random = new Random(0x5EEDL + c.name().hashCode());
        for (int i = 0; i < RANDOM_SPLITS_PER_CASE; i++) {
            int[] cuts = randomCuts(random, c.bytes().length);
            feeds.add(new Feed("random split at " + Arrays.toString(cuts), cuts, i % 2 == 1));
        }
        for (Feed feed : feeds) {
            Transcript mine = run(newDecoder(MAX_HEAD, c.method()), c.bytes(), feed.cuts(), feed.direct());
            assertThat(mine.responses()).as("%s, %s (%s)", c.name(), feed.name(), feed.direct() ? "direct" : "heap")
                    .isEqualTo(netty);
            assertThat(mine.largestPiece).as("largest body piece, %s", feed.name()).isLessThanOrEqualTo(MAX_PIECE);
        }
    }

    static Stream<Case> validResponses() {
        return Stream.of(statusLines(), headerShapes(), contentLengthBodies(), chunkedBodies(), readUntilClose(),
                interimAnswers(), answersToHead(), backToBack()).flatMap(List::stream);
    }

    private static List<Case> statusLines() {
        return List.of(
                get("200 OK", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                get("200 with an unusual reason", "HTTP/1.1 200 Fine\r\nContent-Length: 2\r\n\r\nok"),
                get("200 without a reason", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"),
                get("reason with inner spaces and tabs", "HTTP/1.1 404 Not  Found\there, sorry\r\nContent-Length: 0\r\n\r\n"),
                get("reason with obs-text", "HTTP/1.1 500 Erreur interne \u00e9\u00ff\r\nContent-Length: 4\r\n\r\nfail"),
                get("unregistered code 299", "HTTP/1.1 299 Custom\r\nContent-Length: 1\r\n\r\nx"),
                get("204 No Content", "HTTP/1.1 204 No Content\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n"),
                get("206 Partial Content", "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-4/100\r\n"
                        + "Content-Length: 5\r\nContent-Type: video/mp4\r\n\r\n01234"),
                get("301 Moved Permanently", "HTTP/1.1 301 Moved Permanently\r\nLocation: https://plex.example/web/\r\n"
                        + "Content-Length: 0\r\n\r\n"),
                get("304 with a Content-Length", "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 1234\r\n\r\n"),
                get("404 with a body", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found"),
                get("500 with a body", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!"),
                get("HTTP/1.0 with a Content-Length", "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc"),
                get("HTTP/1.0 Content-Length 0", "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
    }

    private static List<Case> headerShapes() {
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 60; i++) {
            many.append("X-Plex-Header-").append(i).append(": value ").append(i).append("\r\n");
        }
        many.append("Content-Length: 4\r\n\r\nbody");
        return List.of(
                get("sixty headers", many.toString()),
                get("two Set-Cookie and two Vary", "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nVary: Accept\r\n"
                        + "Set-Cookie: b=2; HttpOnly\r\nVary: Origin\r\nContent-Length: 0\r\n\r\n"),
                get("OWS around values and empty values", "HTTP/1.1 200 OK\r\nX-A:   spaced   \r\nX-B:\ttabbed\t\r\n"
                        + "X-C:none\r\nX-Empty:\r\nX-Blank: \t \r\nContent-Length:  3 \r\n\r\nabc"),
                get("obs-text in a value", "HTTP/1.1 200 OK\r\nX-Title: Caf\u00e9 \u0080\u00ff\r\n"
                        + "X-Utf8: " + new String("Ä ★".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                        + "\r\nContent-Length: 0\r\n\r\n"),
                get("header name cases kept", "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nX-UPPER: V\r\n"
                        + "x-Plex-Protocol: 1.0\r\ncontent-length: 2\r\n\r\nhi"),
                get("token punctuation in names", "HTTP/1.1 200 OK\r\nX-!#$%&'*+.^_`|~: punct\r\nContent-Length: 0\r\n\r\n"),
                get("value with quotes, commas and tabs", "HTTP/1.1 200 OK\r\nCache-Control: no-cache, \"x\"\tmax-age=0\r\n"
                        + "Link: <https://a/b>; rel=preload, <https://c>\r\nContent-Length: 0\r\n\r\n"),
                get("an 8 KiB header value", "HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(8 * 1024)
                        + "\r\nContent-Length: 1\r\n\r\nx"),
                get("whitespace between name and colon", "HTTP/1.1 200 OK\r\nContent-Length : 5\r\nX-Note\t: n\r\n\r\nhello"),
                get("obs-fold continues a value", "HTTP/1.1 200 OK\r\nX-Note: a\r\n b\r\nX-Tab: c \r\n\t\td \r\n"
                        + "Content-Length: 0\r\n\r\n"));
    }

    private static List<Case> contentLengthBodies() {
        return List.of(
                get("Content-Length 0", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                get("Content-Length 1", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!"),
                get("Content-Length 2290 of all byte values", withBody("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
                        + "Content-Length: 2290\r\n\r\n", randomBytes(2290, 1))),
                get("body that looks like a response", "HTTP/1.1 200 OK\r\nContent-Length: " + SMUGGLED.length()
                        + "\r\n\r\n" + SMUGGLED),
                get("Content-Length 3 MiB", withBody("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nContent-Length: "
                        + 3 * MAX_PIECE + "\r\n\r\n", randomBytes(3 * MAX_PIECE, 2))));
    }

    private static List<Case> chunkedBodies() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        StringBuilder many = new StringBuilder(head);
        for (int i = 1; i <= 100; i++) {
            many.append(Integer.toHexString(i)).append("\r\n").append(String.valueOf((char) ('a' + i % 26)).repeat(i))
                    .append("\r\n");
        }
        many.append("0\r\n\r\n");
        byte[] big = randomBytes(MAX_PIECE + MAX_PIECE / 2, 3);
        return List.of(
                get("one chunk", head + "5\r\nhello\r\n0\r\n\r\n"),
                get("no chunk at all", head + "0\r\n\r\n"),
                get("a hundred chunks", many.toString()),
                get("chunk extensions", head + "5;name=value\r\nhello\r\n6;q=\"a;b\";x\r\n world\r\n0;last\r\n\r\n"),
                get("hex sizes in both cases and leading zeros", head + "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n"
                        + "000000000000003\r\nxyz\r\n0\r\n\r\n"),
                get("chunk data holding CRLF", head + "7\r\na\r\n\r\n0\r\r\n0\r\n\r\n"),
                get("Transfer-Encoding Chunked in another case", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
                        + "2\r\nok\r\n0\r\n\r\n"),
                get("trailers", head + "4\r\ndata\r\n0\r\nX-Checksum: abc\r\nServer-Timing: db;dur=5\r\n"
                        + "Server-Timing:  cache;dur=1 \r\n\r\n"),
                get("trailers with framing names", head + "4\r\ndata\r\n0\r\nX-Sum: 1\r\nContent-Length: 99\r\n"
                        + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\nX-After: 2\r\n\r\n"),
                get("a 1.5 MiB chunk", withBody(head + Integer.toHexString(big.length) + "\r\n", big,
                        "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    private static List<Case> readUntilClose() {
        return List.of(
                get("read until close", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of this until the end"),
                get("read until close, nothing", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"),
                get("HTTP/1.0 read until close", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nold style"),
                get("read until close, 100 KiB", withBody("HTTP/1.1 200 OK\r\n\r\n", randomBytes(100 * 1024, 4))),
                get("read until close after a Content-Length answer", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"
                        + "HTTP/1.1 200 OK\r\n\r\nrest", 2));
    }

    private static List<Case> interimAnswers() {
        return List.of(
                get("100 then 200", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 2),
                get("103 Early Hints then 200", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n"
                        + "Link: </app.js>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", 2),
                get("100, 103 then chunked 200", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                        + "Link: </a>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n!\r\n0\r\n\r\n", 3),
                get("100 then 404 read until close", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\nnope", 2));
    }

    private static List<Case> answersToHead() {
        return List.of(
                head("HEAD with a Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 1),
                head("HEAD with a 3 MiB Content-Length", "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"
                        + "Content-Length: " + 3 * MAX_PIECE + "\r\n\r\n", 1),
                head("HEAD answered 404", "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n", 1),
                head("HEAD, then a GET answer", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 2),
                head("HEAD answered 100 then 200", "HTTP/1.1 100 Continue\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 2));
    }

    private static List<Case> backToBack() {
        return List.of(
                get("two Content-Length answers", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
                        + "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\ntwo", 2),
                get("chunked then Content-Length", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n"
                        + "0\r\nX-T: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo", 2),
                get("204 then 304 then 200", "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\n"
                        + "Content-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n3", 3),
                get("leading CRLF before each status line", "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1"
                        + "\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2", 2));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. Malformed input is refused, and nothing behind it is read.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void aMalformedHeadIsRefusedAndNothingBehindItIsRead(Case c) {
        byte[] input = concat(c.bytes(), ascii(SMUGGLED));
        for (boolean bytewise : new boolean[] {false, true}) {
            int[] cuts = bytewise ? bytewiseCuts(input.length) : new int[0];
            List<String> kinds = kinds(newDecoder(c.maxHead(), HttpMethod.GET), input, cuts, bytewise);
            assertThat(kinds).as("%s, %s", c.name(), bytewise ? "one byte at a time" : "one buffer")
                    .containsExactly("head FAILED");
        }
    }

    static Stream<Case> malformedHeads() {
        String ok = "HTTP/1.1 200 OK\r\n";
        return Stream.of(
                bad("bare LF after the status line", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n"),
                bad("bare LF after a header", ok + "X-A: b\nContent-Length: 0\r\n\r\n"),
                bad("bare LF as the empty line", ok + "Content-Length: 0\r\n\n"),
                bad("bare CR in a value", ok + "X-A: b\rc\r\nContent-Length: 0\r\n\r\n"),
                bad("bare CR in the reason", "HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n"),
                bad("NUL in a value", ok + "X-A: b\0c\r\nContent-Length: 0\r\n\r\n"),
                bad("DEL in a value", ok + "X-A: b\u007fc\r\nContent-Length: 0\r\n\r\n"),
                bad("ESC in a value", ok + "X-A: b\u001bc\r\nContent-Length: 0\r\n\r\n"),
                bad("space in a name", ok + "X Note: a\r\nContent-Length: 0\r\n\r\n"),
                bad("non-token character in a name", ok + "X@Note: a\r\nContent-Length: 0\r\n\r\n"),
                bad("obs-text in a name", ok + "X-Caf\u00e9: a\r\nContent-Length: 0\r\n\r\n"),
                bad("empty name", ok + ": a\r\nContent-Length: 0\r\n\r\n"),
                bad("header line without a colon", ok + "X-Note\r\nContent-Length: 0\r\n\r\n"),
                bad("obs-fold before any header", ok + " X-A: b\r\nContent-Length: 0\r\n\r\n"),
                bad("Content-Length twice, equal", ok + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                bad("Content-Length twice, different", ok + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello"),
                bad("Content-Length list", ok + "Content-Length: 5, 5\r\n\r\nhello"),
                bad("Content-Length +5", ok + "Content-Length: +5\r\n\r\nhello"),
                bad("Content-Length -5", ok + "Content-Length: -5\r\n\r\nhello"),
                bad("Content-Length 0x5", ok + "Content-Length: 0x5\r\n\r\nhello"),
                bad("Content-Length 5a", ok + "Content-Length: 5a\r\n\r\nhello"),
                bad("Content-Length 5 5", ok + "Content-Length: 5 5\r\n\r\nhello"),
                bad("Content-Length empty", ok + "Content-Length: \r\n\r\nhello"),
                bad("Content-Length of 19 digits", ok + "Content-Length: 1000000000000000005\r\n\r\nhello"),
                bad("Transfer-Encoding gzip", ok + "Transfer-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                bad("Transfer-Encoding gzip, chunked", ok + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                bad("Transfer-Encoding chunked, chunked", ok + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding identity", ok + "Transfer-Encoding: identity\r\n\r\nhello"),
                bad("Transfer-Encoding twice", ok + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("Content-Length then Transfer-Encoding", ok + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n"),
                bad("Transfer-Encoding then Content-Length", ok + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                        + "0\r\n\r\n"),
                bad("status code of two digits", "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("status code of four digits", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("status code with a letter", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("version HTTP/2", "HTTP/2 200\r\nContent-Length: 0\r\n\r\n"),
                bad("version HTTP/1.2", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("no space after the version", "HTTP/1.1200 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("two spaces after the version", "HTTP/1.1  200 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("tab after the version", "HTTP/1.1\t200 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("no space after the code", "HTTP/1.1 200OK\r\nContent-Length: 0\r\n\r\n"),
                bad("lower-case version", "http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                bad("not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n\r\n"),
                new Case("head over maxHeadBytes", HttpMethod.GET, ascii(ok + "X-Big: " + "b".repeat(600)
                        + "\r\nContent-Length: 0\r\n\r\n"), 0, 512));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedBodyFailsTheResponseAndNothingBehindItIsRead(Case c) {
        byte[] input = concat(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), c.bytes(), ascii(SMUGGLED));
        for (boolean bytewise : new boolean[] {false, true}) {
            int[] cuts = bytewise ? bytewiseCuts(input.length) : new int[0];
            List<String> kinds = kinds(newDecoder(MAX_HEAD, HttpMethod.GET), input, cuts, bytewise);
            String how = c.name() + (bytewise ? ", one byte at a time" : ", one buffer");
            assertThat(kinds).as(how).hasSizeGreaterThanOrEqualTo(2);
            assertThat(kinds.get(0)).as(how).isEqualTo("head ok 200");
            assertThat(kinds.get(kinds.size() - 1)).as(how).isEqualTo("last FAILED");
            assertThat(kinds.subList(1, kinds.size() - 1)).as(how).allMatch(k -> k.startsWith("content "));
        }
    }

    static Stream<Case> malformedBodies() {
        return Stream.of(
                bad("chunk size z", "z\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size of 26 digits", "10000000000000000000000005\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size of 16 digits", "0000000000000005\r\nhello\r\n0\r\n\r\n"),
                bad("empty chunk size line", "\r\nhello\r\n0\r\n\r\n"),
                bad("negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size 0x5", "0x5\r\nhello\r\n0\r\n\r\n"),
                bad("bare LF after the chunk size", "5\nhello\r\n0\r\n\r\n"),
                bad("no CRLF after the chunk data", "5\r\nhelloXX\r\n0\r\n\r\n"),
                bad("bare LF after the chunk data", "5\r\nhello\n0\r\n\r\n"),
                bad("space in a trailer name", "0\r\nX Sum: 1\r\n\r\n"),
                bad("bare LF in the trailers", "0\r\nX-Sum: 1\n\r\n"),
                bad("NUL in a trailer value", "0\r\nX-Sum: 1\0\r\n\r\n"));
    }

    @Test
    void aHeadOfExactlyMaxHeadBytesIsReadAndOneByteMoreIsRefused() {
        byte[] head = ascii("HTTP/1.1 200 OK\r\nX-Pad: " + "p".repeat(200) + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(kinds(newDecoder(head.length, HttpMethod.GET), head, new int[0], false))
                .containsExactly("head ok 200", "last ok");
        assertThat(kinds(newDecoder(head.length - 1, HttpMethod.GET), head, new int[0], false))
                .containsExactly("head FAILED");
    }

    @Test
    void aFailedHeadIsAResponseWithTheFailureAsItsDecoderResult() {
        EmbeddedChannel ch = new EmbeddedChannel(newDecoder(MAX_HEAD, HttpMethod.GET));
        ch.writeInbound(Unpooled.copiedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello")));
        Object first = ch.readInbound();
        try {
            assertThat(first).isInstanceOf(HttpResponse.class);
            assertThat(((HttpResponse) first).decoderResult().isFailure()).isTrue();
            assertThat(((HttpResponse) first).decoderResult().cause()).as("the cause says why").isNotNull();
        } finally {
            ReferenceCountUtil.release(first);
        }
        ch.writeInbound(Unpooled.copiedBuffer(ascii(SMUGGLED)));
        assertThat((Object) ch.readInbound()).as("nothing after the failure").isNull();
        ch.finishAndReleaseAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The rules, as values (the differential test above checks them against Netty; these pin them alone).
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void theReasonPhraseIsKept() {
        Response r = only(decode("HTTP/1.1 200 Fine\r\nContent-Length: 0\r\n\r\n"));
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("Fine");
        assertThat(r.version()).isEqualTo("HTTP/1.1");
    }

    @Test
    void whitespaceBetweenNameAndColonIsRemovedAndTheLengthRead() {
        Response r = only(decode("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello"));
        assertThat(r.headers()).containsExactly(new Field("Content-Length", "5"));
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.ended()).isTrue();
    }

    @Test
    void anObsFoldContinuesTheValueAfterOneSpace() {
        Response r = only(decode("HTTP/1.1 200 OK\r\nX-Note: a\r\n b\r\nX-Tab: c\r\n\t \td\r\nContent-Length: 0\r\n\r\n"));
        assertThat(r.headers()).containsExactly(
                new Field("X-Note", "a b"), new Field("X-Tab", "c d"), new Field("Content-Length", "0"));
    }

    @Test
    void valuesAreTrimmedAndKeepTheirObsText() {
        Response r = only(decode("HTTP/1.1 200 OK\r\nX-A: \t caf\u00e9\tau lait \t\r\nContent-Length: 0\r\n\r\n"));
        assertThat(r.headers()).startsWith(new Field("X-A", "caf\u00e9\tau lait"));
    }

    @Test
    void leadingCrlfBeforeTheStatusLineIsSkipped() {
        Response r = only(decode("\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"));
        assertThat(r.code()).isEqualTo(204);
        assertThat(r.failed()).isFalse();
    }

    @Test
    void theTrailersAreKeptWithoutTheFramingNames() {
        Response r = only(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
                + "X-Sum: 1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\nX-More: m\r\n\r\n"));
        assertThat(r.body()).isEqualTo("abc");
        assertThat(r.trailers()).containsExactly(new Field("X-Sum", "1"), new Field("X-More", "m"));
    }

    @Test
    void theTrailerHeadersHoldNoFramingNameAtAll() {
        EmbeddedChannel ch = new EmbeddedChannel(newDecoder(MAX_HEAD, HttpMethod.GET));
        ch.writeInbound(Unpooled.copiedBuffer(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                + "Content-Length: 3\r\nTrailer: X\r\nTransfer-Encoding: chunked\r\nX: 1\r\n\r\n")));
        LastHttpContent last = null;
        for (Object m; (m = ch.readInbound()) != null; ) {
            if (m instanceof LastHttpContent l) {
                last = l;
                assertThat(l.trailingHeaders().names()).containsExactly("X");
            }
            ReferenceCountUtil.release(m);
        }
        assertThat(last).as("a LastHttpContent").isNotNull();
        ch.finishAndReleaseAll();
    }

    /** Netty 4.2 refuses these (so they are not in the differential corpus); RFC 9112 7.1.1 lets BWS stand. */
    @Test
    void whitespaceAfterTheChunkSizeIsAllowed() {
        Response r = only(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5 \r\nhello\r\n3\t;ext\r\nabc\r\n2 ;a=b\r\nde\r\n0  \r\n\r\n"));
        assertThat(r.body()).isEqualTo("helloabcde");
        assertThat(r.ended()).isTrue();
        assertThat(r.failed()).isFalse();
    }

    @Test
    void theAnswerToHeadHasNoBodyAndTheNextAnswerDoes() {
        UpstreamResponseDecoder decoder = new UpstreamResponseDecoder(MAX_HEAD, new ReadClock());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        Transcript t = new Transcript();
        decoder.requestSent(HttpMethod.HEAD);
        ch.writeInbound(Unpooled.copiedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")));
        drain(ch, t);
        assertThat(t.responses()).as("the HEAD answer ends at its head").hasSize(1)
                .allSatisfy(r -> assertThat(r.ended()).isTrue());
        decoder.requestSent(HttpMethod.GET);
        ch.writeInbound(Unpooled.copiedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")));
        drain(ch, t);
        ch.finish();
        drain(ch, t);
        assertThat(t.responses()).extracting(Response::body, Response::ended, Response::failed)
                .containsExactly(tuple("", true, false), tuple("hello", true, false));
        ch.finishAndReleaseAll();
    }

    @Test
    void aBodylessAnswerIsItsHeadAndAnEmptyLast() {
        for (String bodyless : List.of("HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            byte[] in = ascii(bodyless);
            assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET), in, new int[0], false)).as(bodyless.strip())
                    .containsExactly("head ok " + bodyless.substring(9, 12), "last ok");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. The connection closes.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutOffBodies")
    void aBodyCutOffByTheCloseFails(Case c) {
        List<String> kinds = kinds(newDecoder(MAX_HEAD, HttpMethod.GET), c.bytes(), new int[0], false);
        assertThat(kinds).as(c.name()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(kinds.get(0)).isEqualTo("head ok 200");
        assertThat(kinds.get(kinds.size() - 1)).isEqualTo("last FAILED");
        assertThat(kinds.subList(1, kinds.size() - 1)).allMatch(k -> k.startsWith("content "));
    }

    static Stream<Case> cutOffBodies() {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                bad("Content-Length body cut off", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
                bad("Content-Length body not started", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"),
                bad("cut off inside a chunk", chunked + "5\r\nab"),
                bad("cut off inside a chunk size line", chunked + "5"),
                bad("cut off between chunks", chunked + "5\r\nhello\r\n"),
                bad("cut off before the CRLF after chunk data", chunked + "5\r\nhello"),
                bad("cut off in the trailers", chunked + "5\r\nhello\r\n0\r\nX-Sum: 1\r\n"),
                bad("cut off after the last chunk", chunked + "0\r\n"));
    }

    @Test
    void aBodyReadUntilCloseEndsNormallyAtTheClose() {
        Transcript t = new Transcript();
        List<String> kinds = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(newDecoder(MAX_HEAD, HttpMethod.GET));
        ch.writeInbound(Unpooled.copiedBuffer(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nsome ")));
        ch.writeInbound(Unpooled.copiedBuffer(ascii("bytes")));
        drainKinds(ch, kinds, t);
        assertThat(kinds).as("before the close").doesNotContain("last ok", "last FAILED");
        ch.finish();
        drainKinds(ch, kinds, t);
        assertThat(kinds).last().isEqualTo("last ok");
        assertThat(only(t.responses())).extracting(Response::body, Response::ended, Response::failed)
                .containsExactly("some bytes", true, false);
        ch.finishAndReleaseAll();
    }

    @Test
    void aBodyReadUntilCloseWithNothingInItEndsNormallyAtTheClose() {
        assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET), ascii("HTTP/1.0 200 OK\r\n\r\n"), new int[0], false))
                .containsExactly("head ok 200", "last ok");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutOffHeads")
    void aHeadCutOffByTheCloseIsAFailedResponse(Case c) {
        assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET), c.bytes(), new int[0], false)).as(c.name())
                .containsExactly("head FAILED");
    }

    static Stream<Case> cutOffHeads() {
        return Stream.of(
                bad("in a header name", "HTTP/1.1 200 OK\r\nContent-Le"),
                bad("before the empty line", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"),
                bad("in the status line", "HTTP/1.1 2"),
                bad("in the version", "HTT"));
    }

    @Test
    void aHeadCutOffAfterACompleteAnswerFailsOnlyTheSecond() {
        assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET),
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1HTTP/1.1 200 OK\r\nX-A"), new int[0], false))
                .containsExactly("head ok 200", "last ok 1", "head FAILED");
    }

    @Test
    void aCloseAfterACompleteAnswerAddsNothing() {
        assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET),
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), new int[0], false))
                .containsExactly("head ok 200", "last ok 2");
        assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET),
                ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"), new int[0], true))
                .containsExactly("head ok 200", "content 2", "last ok");
        assertThat(kinds(newDecoder(MAX_HEAD, HttpMethod.GET), new byte[0], new int[0], false))
                .as("nothing received at all").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. 101 Switching Protocols: the head, then the bytes as they come.
    // ---------------------------------------------------------------------------------------------------------

    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    private static final byte[] FRAME = {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o'};

    @Test
    void after101TheBytesInTheSameReadComeRaw() {
        EmbeddedChannel ch = new EmbeddedChannel(newDecoder(MAX_HEAD, HttpMethod.GET));
        ch.writeInbound(Unpooled.copiedBuffer(concat(ascii(SWITCHING), FRAME)));
        List<Object> out = readAll(ch);
        try {
            assertThat(out).isNotEmpty();
            assertThat(out.get(0)).isInstanceOf(HttpResponse.class);
            HttpResponse head = (HttpResponse) out.get(0);
            assertThat(head.decoderResult().isSuccess()).isTrue();
            assertThat(head.status().code()).isEqualTo(101);
            assertThat(head.headers().get("Upgrade")).isEqualTo("websocket");
            assertThat(head).isNotInstanceOf(HttpContent.class);
            assertThat(raw(out.subList(1, out.size()))).isEqualTo(FRAME);
        } finally {
            out.forEach(ReferenceCountUtil::release);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void after101TheBytesOfLaterReadsComeRawEvenWhenTheyLookLikeHttp() {
        EmbeddedChannel ch = new EmbeddedChannel(newDecoder(MAX_HEAD, HttpMethod.GET));
        ch.writeInbound(Unpooled.copiedBuffer(ascii(SWITCHING)));
        List<Object> head = readAll(ch);
        try {
            assertThat(head).as("the head alone").hasSize(1);
            assertThat(head.get(0)).isInstanceOf(HttpResponse.class).isNotInstanceOf(HttpContent.class);
            assertThat(((HttpResponse) head.get(0)).status().code()).isEqualTo(101);
        } finally {
            head.forEach(ReferenceCountUtil::release);
        }
        ByteBuf direct = Unpooled.directBuffer(FRAME.length);
        direct.writeBytes(FRAME);
        ch.writeInbound(direct);
        byte[] later = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        ch.writeInbound(Unpooled.copiedBuffer(later));
        List<Object> rest = readAll(ch);
        try {
            assertThat(raw(rest)).isEqualTo(concat(FRAME, later));
        } finally {
            rest.forEach(ReferenceCountUtil::release);
        }
        ch.finishAndReleaseAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5. A large body comes in pieces of at most 1 MiB.
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aThreeMebibyteBodyComesInPiecesOfAtMostOneMebibyte() {
        byte[] body = randomBytes(3 * MAX_PIECE, 5);
        byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
        EmbeddedChannel ch = new EmbeddedChannel(newDecoder(MAX_HEAD, HttpMethod.GET));
        ByteBuf in = Unpooled.directBuffer(head.length + body.length);
        in.writeBytes(head).writeBytes(body);
        ch.writeInbound(in);
        List<Object> out = readAll(ch);
        try {
            assertThat(out.get(0)).isInstanceOf(HttpResponse.class);
            List<Object> pieces = out.subList(1, out.size());
            assertThat(pieces).as("at least three pieces").hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(p -> assertThat(p).isInstanceOf(HttpContent.class).isNotInstanceOf(HttpResponse.class))
                    .allSatisfy(p -> assertThat(((HttpContent) p).content().readableBytes()).isLessThanOrEqualTo(MAX_PIECE));
            assertThat(pieces.get(pieces.size() - 1)).isInstanceOf(LastHttpContent.class);
            assertThat(pieces.subList(0, pieces.size() - 1)).noneMatch(p -> p instanceof LastHttpContent);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Object p : pieces) {
                all.writeBytes(ByteBufUtil.getBytes(((HttpContent) p).content()));
            }
            assertThat(Arrays.equals(all.toByteArray(), body)).as("the body, byte for byte").isTrue();
        } finally {
            out.forEach(ReferenceCountUtil::release);
        }
        ch.finishAndReleaseAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Feeding and transcripts.
    // ---------------------------------------------------------------------------------------------------------

    /** A corpus entry: the bytes PMS sends for one request, and how many responses (1xx included) they hold. */
    record Case(String name, HttpMethod method, byte[] bytes, int responses, int maxHead) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Feed(String name, int[] cuts, boolean direct) {}

    private static Case get(String name, String latin1) {
        return get(name, latin1, 1);
    }

    private static Case get(String name, String latin1, int responses) {
        return new Case(name, HttpMethod.GET, ascii(latin1), responses, MAX_HEAD);
    }

    private static Case get(String name, byte[] bytes) {
        return new Case(name, HttpMethod.GET, bytes, 1, MAX_HEAD);
    }

    private static Case head(String name, String latin1, int responses) {
        return new Case(name, HttpMethod.HEAD, ascii(latin1), responses, MAX_HEAD);
    }

    private static Case bad(String name, String latin1) {
        return new Case(name, HttpMethod.GET, ascii(latin1), 0, MAX_HEAD);
    }

    private static UpstreamResponseDecoder newDecoder(int maxHead, HttpMethod method) {
        UpstreamResponseDecoder d = new UpstreamResponseDecoder(maxHead, new ReadClock());
        d.requestSent(method);
        return d;
    }

    /** Netty's decoder as the old {@code UpstreamResponseDecoder} configured and extended it. */
    private static final class NettyReference extends HttpResponseDecoder {
        private boolean headPending;

        NettyReference(HttpMethod method) {
            super(new HttpDecoderConfig().setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024)
                    .setMaxChunkSize(MAX_PIECE));
            headPending = HttpMethod.HEAD.equals(method);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            int code = ((HttpResponse) msg).status().code();
            if (code >= 100 && code < 200) {
                return super.isContentAlwaysEmpty(msg);
            }
            if (headPending) {
                headPending = false;
                return true;
            }
            return super.isContentAlwaysEmpty(msg);
        }
    }

    /** Writes {@code input} cut at {@code cuts}, then closes; the transcript of everything read. */
    private static Transcript run(ChannelHandler decoder, byte[] input, int[] cuts, boolean direct) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        Transcript t = new Transcript();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            if (to > from) {
                ch.writeInbound(buffer(input, from, to - from, direct));
                drain(ch, t);
            }
            from = to;
        }
        ch.finish();
        drain(ch, t);
        ch.finishAndReleaseAll();
        return t;
    }

    /** Like {@link #run}, but a short description of each message read (for the refusal and close tests). */
    private static List<String> kinds(ChannelHandler decoder, byte[] input, int[] cuts, boolean direct) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<String> kinds = new ArrayList<>();
        Transcript ignored = new Transcript();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            if (to > from) {
                ch.writeInbound(buffer(input, from, to - from, direct));
                drainKinds(ch, kinds, ignored);
            }
            from = to;
        }
        ch.finish();
        drainKinds(ch, kinds, ignored);
        ch.finishAndReleaseAll();
        return kinds;
    }

    private static List<Response> decode(String latin1) {
        return run(newDecoder(MAX_HEAD, HttpMethod.GET), ascii(latin1), new int[0], false).responses();
    }

    private static Response only(List<Response> responses) {
        assertThat(responses).hasSize(1);
        return responses.get(0);
    }


    private static void drain(EmbeddedChannel ch, Transcript t) {
        for (Object m; (m = ch.readInbound()) != null; ) {
            t.add(m);
        }
    }

    private static void drainKinds(EmbeddedChannel ch, List<String> kinds, Transcript t) {
        for (Object m; (m = ch.readInbound()) != null; ) {
            if (m instanceof HttpResponse r) {
                kinds.add(r.decoderResult().isFailure() ? "head FAILED" : "head ok " + r.status().code());
            }
            if (m instanceof LastHttpContent last) {
                if (!(m instanceof HttpResponse && last.decoderResult().isFailure())) {
                    int n = last.content().readableBytes();
                    kinds.add(last.decoderResult().isFailure() ? "last FAILED" : n == 0 ? "last ok" : "last ok " + n);
                }
            } else if (m instanceof HttpContent c) {
                kinds.add("content " + c.content().readableBytes());
            } else if (m instanceof ByteBuf b) {
                kinds.add("raw " + b.readableBytes());
            } else if (!(m instanceof HttpResponse)) {
                kinds.add("unexpected " + m.getClass().getName());
            }
            t.add(m);
        }
    }


    /** The bytes of raw ByteBufs, concatenated; anything else among them fails the test. */
    private static byte[] raw(List<Object> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object m : messages) {
            assertThat(m).as("a raw ByteBuf, not an HTTP object").isInstanceOf(ByteBuf.class)
                    .isNotInstanceOf(HttpObject.class);
            out.writeBytes(ByteBufUtil.getBytes((ByteBuf) m));
        }
        return out.toByteArray();
    }


    /** A response as read: what the two decoders must agree on. The body is a summary (length and digest). */
    record Response(String version, int code, String reason, List<Field> headers, String body, List<Field> trailers,
            boolean ended, boolean failed, String raw) {}

    /** Folds the messages a decoder emits into {@link Response}s, releasing each. */
    private static final class Transcript {
        private final List<Building> building = new ArrayList<>();
        int largestPiece;

        void add(Object msg) {
            try {
                Building b = null;
                if (msg instanceof HttpResponse r) {
                    b = new Building();
                    b.version = r.protocolVersion().text();
                    b.code = r.status().code();
                    b.reason = r.status().reasonPhrase();
                    b.headers = fields(r.headers(), false);
                    b.failed = r.decoderResult().isFailure();
                    building.add(b);
                }
                if (msg instanceof HttpContent c) {
                    if (b == null) {
                        b = current();
                    }
                    largestPiece = Math.max(largestPiece, c.content().readableBytes());
                    b.body.writeBytes(ByteBufUtil.getBytes(c.content()));
                    if (msg instanceof LastHttpContent last) {
                        b.trailers = fields(last.trailingHeaders(), true);
                        b.ended = true;
                        b.failed |= last.decoderResult().isFailure();
                    }
                } else if (msg instanceof ByteBuf raw) {
                    current().raw.writeBytes(ByteBufUtil.getBytes(raw));
                } else if (b == null) {
                    b = new Building();
                    b.reason = "unexpected message " + msg.getClass().getName();
                    building.add(b);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The response the content belongs to; content with no open response is a transcript entry of its own. */
        private Building current() {
            Building b = building.isEmpty() ? null : building.get(building.size() - 1);
            if (b == null || b.ended || b.failed) {
                b = new Building();
                b.reason = "content without a head in progress";
                building.add(b);
            }
            return b;
        }

        List<Response> responses() {
            return building.stream().map(Building::done).toList();
        }

    }

    private static final class Building {
        String version;
        int code;
        String reason;
        List<Field> headers = List.of();
        List<Field> trailers = List.of();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        boolean ended;
        boolean failed;

        Response done() {
            return new Response(version, code, reason, headers, summary(body.toByteArray()), trailers, ended, failed,
                    summary(raw.toByteArray()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bytes.
    // ---------------------------------------------------------------------------------------------------------








}
