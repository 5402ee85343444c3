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

import io.doorman.proxy.DecoderInputs.Field;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Doorman's decoder of the HTTP/1.1 requests clients send: on valid requests it reads what Netty's
 * {@link HttpRequestDecoder} (configured as the old code had it) reads, whatever the reads' boundaries, and tells
 * the connection of each read before decoding it; it refuses malformed heads and bodies (and everything after
 * them, so nothing is smuggled behind them), with Netty's exceptions for the two limits; it fails the request in
 * progress when the client closes mid-body; and it hands a large body on in pieces of at most 1 MiB.
 */
class ClientRequestDecoderTest {

    /** What Doorman gives the decoder in production with the default settings. */
    private static final int MAX_URI = 16 * 1024;
    private static final int MAX_HEADER = 64 * 1024;
    /** The small decoder of the limit tests. */
    private static final int SMALL_URI = 64;
    private static final int SMALL_HEADER = 128;
    private static final int MAX_PIECE = 1024 * 1024;
    private static final int RANDOM_SPLITS_PER_CASE = 8;
    /** What a smuggler hides behind a malformed request. */
    private static final String SMUGGLED = "GET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String FAKE_TOKEN = "fake-token-for-tests";

    // ---------------------------------------------------------------------------------------------------------
    // 1. Differential: the new decoder reads valid requests as Netty does, however the bytes are split.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequests")
    void readsValidRequestsAsNettyDoesHoweverTheBytesAreSplit(Case c) {
        List<Request> netty = runNetty(c.bytes());
        assertThat(netty).as("Netty's reading of the corpus case (the reference itself)").hasSize(c.requests())
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
            String how = String.format("%s, %s (%s)", c.name(), feed.name(), feed.direct() ? "direct" : "heap");
            Probe p = new Probe(MAX_URI, MAX_HEADER);
            Transcript mine = run(p, c.bytes(), feed.cuts(), feed.direct());
            assertThat(mine.requests()).as(how).isEqualTo(netty);
            assertThat(mine.largestPiece).as("largest body piece, %s", how).isLessThanOrEqualTo(MAX_PIECE);
            assertThat(p.reads).as("onBytes runs once per buffer written, %s", how).isEqualTo(mine.writes);
            assertThat(p.readsAfterOutput).as("onBytes runs before the read is decoded, %s", how).isZero();
            assertClockLeftOutsideARead(p.clock);
        }
    }

    static Stream<Case> validRequests() {
        return Stream.of(requestLines(), plexClients(), headerShapes(), contentLengthBodies(), chunkedBodies(),
                oldClients(), pipelined()).flatMap(List::stream);
    }

    private static List<Case> requestLines() {
        return List.of(
                ok("GET with Host only (the wrk bench)", "GET /library/sections HTTP/1.1\r\nHost: 127.0.0.1:18083\r\n\r\n"),
                ok("GET /", "GET / HTTP/1.1\r\nHost: plex.example\r\n\r\n"),
                ok("query with %-escapes and +", "GET /hubs/search?query=the+matrix%20reloaded&limit=30"
                        + "&title=%E2%98%85%2F%3F HTTP/1.1\r\nHost: plex.example\r\nAccept: application/json\r\n\r\n"),
                ok("target with every punctuation a target may hold", "GET /a/b;p=1/c%7E!$&'()*+,=:@-._~/?q=/?#frag"
                        + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                ok("absolute-form target", "GET http://pms:32400/identity?x=1 HTTP/1.1\r\nHost: pms:32400\r\n\r\n"),
                ok("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: plex.example\r\n\r\n"),
                ok("CORS preflight", "OPTIONS /library/sections HTTP/1.1\r\nHost: plex.example\r\n"
                        + "Origin: https://app.plex.tv\r\nAccess-Control-Request-Method: GET\r\n"
                        + "Access-Control-Request-Headers: x-plex-token,x-plex-client-identifier\r\n\r\n"),
                ok("HEAD", "HEAD /library/parts/123/file.mkv HTTP/1.1\r\nHost: plex.example\r\n\r\n"),
                ok("DELETE", "DELETE /playlists/42 HTTP/1.1\r\nHost: plex.example\r\nX-Plex-Token: " + FAKE_TOKEN
                        + "\r\n\r\n"),
                ok("PROPFIND with a body", "PROPFIND /dav/ HTTP/1.1\r\nHost: x\r\nDepth: 1\r\n"
                        + "Content-Type: application/xml\r\nContent-Length: 24\r\n\r\n<propfind xmlns=\"DAV:\"/>"),
                ok("M-SEARCH * (a method with a dash)", "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\n"
                        + "MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n"),
                ok("an 8 KiB query string", "GET /library/metadata?ids=" + "1234,".repeat(1600)
                        + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    private static List<Case> plexClients() {
        String headers = "Host: plex.example.com:32400\r\n"
                + "Accept: application/json, text/plain, */*\r\n"
                + "Accept-Language: en-US,en;q=0.9,fr;q=0.8\r\n"
                + "Accept-Encoding: gzip, deflate, br\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/120.0.0.0 Safari/537.36\r\n"
                + "X-Plex-Product: Plex Web\r\n"
                + "X-Plex-Version: 4.118.0\r\n"
                + "X-Plex-Client-Identifier: 00000000-test-client-identifier\r\n"
                + "X-Plex-Platform: Chrome\r\n"
                + "X-Plex-Platform-Version: 120.0\r\n"
                + "X-Plex-Device: Linux\r\n"
                + "X-Plex-Device-Name: Chrome\r\n"
                + "X-Plex-Token: " + FAKE_TOKEN + "\r\n"
                + "Range: bytes=0-\r\n"
                + "Connection: keep-alive\r\n"
                + "Referer: https://app.plex.tv/desktop/\r\n"
                + "Origin: https://app.plex.tv\r\n";
        return List.of(
                ok("Plex Web request with 17 headers", "GET /library/metadata/12345/children?X-Plex-Container-Start=0"
                        + "&X-Plex-Container-Size=50 HTTP/1.1\r\n" + headers + "\r\n"),
                ok("Plex stream with a Range", "GET /library/parts/6789/1700000000/file.mkv?download=0 HTTP/1.1\r\n"
                        + "Host: plex.example.com:32400\r\nRange: bytes=1048576-2097151\r\nX-Plex-Token: " + FAKE_TOKEN
                        + "\r\nX-Plex-Client-Identifier: test-client\r\nUser-Agent: PlexMediaPlayer/2.58\r\n\r\n"),
                ok("Plex timeline POST with a query and no body", "POST /:/timeline?ratingKey=12345&state=playing"
                        + "&time=60000&duration=5400000&X-Plex-Token=" + FAKE_TOKEN + " HTTP/1.1\r\n" + headers
                        + "Content-Length: 0\r\n\r\n"),
                ok("WebSocket upgrade GET", "GET /:/websockets/notifications?X-Plex-Token=" + FAKE_TOKEN + " HTTP/1.1\r\n"
                        + "Host: plex.example.com:32400\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Origin: https://app.plex.tv\r\n\r\n"),
                ok("Expect: 100-continue with a body", "POST /library/upload HTTP/1.1\r\nHost: x\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world"));
    }

    private static List<Case> headerShapes() {
        StringBuilder many = new StringBuilder("GET /many HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 60; i++) {
            many.append("X-Plex-Header-").append(i).append(": value ").append(i).append("\r\n");
        }
        many.append("\r\n");
        return List.of(
                ok("sixty headers", many.toString()),
                ok("two Cookie lines", "GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; b=2\r\nAccept: */*\r\n"
                        + "Cookie: c=3\r\n\r\n"),
                ok("OWS around values and empty values", "GET / HTTP/1.1\r\nHost: x\r\nX-A:   spaced   \r\n"
                        + "X-B:\ttabbed\t\r\nX-C:none\r\nX-Empty:\r\nX-Blank: \t \r\n\r\n"),
                ok("obs-text in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-Title: Caf\u00e9 \u0080\u00ff\r\n"
                        + "X-Utf8: " + new String("Ä ★".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                        + "\r\n\r\n"),
                ok("header name cases kept", "GET / HTTP/1.1\r\nhost: x\r\nX-UPPER: V\r\nx-plex-TOKEN: " + FAKE_TOKEN
                        + "\r\ncontent-length: 2\r\n\r\nhi"),
                ok("token punctuation in names", "GET / HTTP/1.1\r\nHost: x\r\nX-!#$%&'*+.^_`|~: punct\r\n\r\n"),
                ok("values with quotes, commas, colons and tabs", "GET / HTTP/1.1\r\nHost: x\r\n"
                        + "If-None-Match: \"abc\", W/\"def\"\r\nX-Note: a:b\tc: d\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT"
                        + "\r\n\r\n"),
                ok("an 8 KiB Cookie", "GET / HTTP/1.1\r\nHost: x\r\nCookie: session=" + "c".repeat(8 * 1024)
                        + "\r\n\r\n"),
                ok("obs-fold continues a value", "GET / HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n b\r\nX-Tab: c \r\n\t\td \r\n"
                        + "\r\n"));
    }

    private static List<Case> contentLengthBodies() {
        return List.of(
                ok("POST Content-Length 0", "POST /api/v2/thing HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
                ok("POST Content-Length 5", "POST /api/v2/thing HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"),
                ok("Content-Length with OWS and leading zeros", "PUT /prefs?x=1 HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length:  005 \r\n\r\nabcde"),
                ok("PATCH with a JSON body", "PATCH /settings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 13\r\n\r\n{\"a\":[1,2,3]}"),
                ok("body of all byte values", withBody("POST /photo HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                        + "Content-Length: 2290\r\n\r\n", randomBytes(2290, 1))),
                ok("body that looks like a request", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + SMUGGLED.length()
                        + "\r\n\r\n" + SMUGGLED),
                ok("POST Content-Length 3 MiB", withBody("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: video/mp4\r\n"
                        + "Content-Length: " + 3 * MAX_PIECE + "\r\n\r\n", randomBytes(3 * MAX_PIECE, 2))));
    }

    private static List<Case> chunkedBodies() {
        String head = "PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        StringBuilder many = new StringBuilder(head);
        for (int i = 1; i <= 100; i++) {
            many.append(Integer.toHexString(i)).append("\r\n").append(String.valueOf((char) ('a' + i % 26)).repeat(i))
                    .append("\r\n");
        }
        many.append("0\r\n\r\n");
        byte[] big = randomBytes(MAX_PIECE + MAX_PIECE / 2, 3);
        return List.of(
                ok("PUT chunked, one chunk", head + "5\r\nhello\r\n0\r\n\r\n"),
                ok("PUT chunked, no chunk at all", head + "0\r\n\r\n"),
                ok("PUT chunked, a hundred chunks", many.toString()),
                ok("PUT chunked with extensions", head + "5;name=value\r\nhello\r\n6;q=\"a;b\";x\r\n world\r\n"
                        + "0;last\r\n\r\n"),
                ok("PUT chunked with trailers", head + "4\r\ndata\r\n0\r\nX-Checksum: abc\r\nServer-Timing: db;dur=5\r\n"
                        + "Server-Timing:  cache;dur=1 \r\n\r\n"),
                ok("PUT chunked with extensions and trailers", head + "3;a=b\r\nabc\r\n0;end\r\nX-Sum: 1\r\n\r\n"),
                ok("trailers with framing names", head + "4\r\ndata\r\n0\r\nX-Sum: 1\r\nContent-Length: 99\r\n"
                        + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\nX-After: 2\r\n\r\n"),
                ok("hex sizes in both cases and leading zeros", head + "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n"
                        + "000000000000003\r\nxyz\r\n0\r\n\r\n"),
                ok("chunk data holding CRLF", head + "7\r\na\r\n\r\n0\r\r\n0\r\n\r\n"),
                ok("Transfer-Encoding Chunked in another case", "POST / HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                ok("a 1.5 MiB chunk", withBody(head + Integer.toHexString(big.length) + "\r\n", big,
                        ascii("\r\n0\r\n\r\n"))));
    }

    private static List<Case> oldClients() {
        return List.of(
                ok("HTTP/1.0 GET", "GET /identity HTTP/1.0\r\n\r\n"),
                ok("HTTP/1.0 GET with Host", "GET /identity HTTP/1.0\r\nHost: x\r\nUser-Agent: curl/7.0\r\n\r\n"),
                ok("HTTP/1.0 GET with Connection: keep-alive", "GET /identity HTTP/1.0\r\nHost: x\r\n"
                        + "Connection: keep-alive\r\n\r\n"),
                ok("HTTP/1.0 POST with a Content-Length", "POST /form HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc"));
    }

    private static List<Case> pipelined() {
        return List.of(
                ok("leading CRLF", "\r\n\r\nGET /identity HTTP/1.1\r\nHost: x\r\n\r\n"),
                ok("two GETs back to back", "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", 2),
                ok("GET, POST with a body, chunked PUT", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                        + "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ndef\r\n0\r\nX-T: 1\r\n\r\n", 3),
                ok("CRLF between pipelined requests", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n\r\n"
                        + "HEAD /b HTTP/1.1\r\nHost: x\r\n\r\n", 2),
                ok("HTTP/1.0 then HTTP/1.1", "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                        + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n", 2));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The rules, as values (the differential test above checks them against Netty; these pin them alone).
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void theKnownMethodsAreNettysConstantsAndOthersAreKeptByName() {
        for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
                HttpMethod.OPTIONS, HttpMethod.PATCH)) {
            HttpRequest r = onlyHead(m.name() + " / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.method()).as(m.name()).isSameAs(m);
        }
        assertThat(onlyHead("PROPFIND /dav HTTP/1.1\r\nHost: x\r\n\r\n").method().name()).isEqualTo("PROPFIND");
    }

    @Test
    void theTargetVersionAndHeadersAreAsSent() {
        HttpRequest r = onlyHead("GET /a%20b?x=1+2&y=%2F HTTP/1.0\r\nHost: x\r\nX-A: \t caf\u00e9\tau lait \t\r\n"
                + "Cookie: a=1\r\nCookie: b=2\r\n\r\n");
        assertThat(r.uri()).isEqualTo("/a%20b?x=1+2&y=%2F");
        assertThat(r.protocolVersion().text()).isEqualTo("HTTP/1.0");
        assertThat(fields(r.headers(), false)).containsExactly(new Field("Host", "x"),
                new Field("X-A", "caf\u00e9\tau lait"), new Field("Cookie", "a=1"), new Field("Cookie", "b=2"));
    }

    @Test
    void obsTextInTheTargetIsAllowed() {
        HttpRequest r = onlyHead("GET /caf\u00e9/\u0080\u00ff HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.decoderResult().isSuccess()).isTrue();
        assertThat(r.uri()).startsWith("/caf").hasSize(8);
    }

    @Test
    void anObsFoldContinuesTheValueAfterOneSpace() {
        HttpRequest r = onlyHead("GET / HTTP/1.1\r\nX-Note: a\r\n b\r\nX-Tab: c \r\n\t \td \r\nHost: x\r\n\r\n");
        assertThat(fields(r.headers(), false)).containsExactly(
                new Field("X-Note", "a b"), new Field("X-Tab", "c d"), new Field("Host", "x"));
    }

    @Test
    void aRequestWithoutABodyIsItsHeadAndAnEmptyLast() {
        for (String bodyless : List.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                "HEAD / HTTP/1.0\r\n\r\n", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")) {
            EmbeddedChannel ch = new Probe(MAX_URI, MAX_HEADER).channel();
            ch.writeInbound(Unpooled.copiedBuffer(ascii(bodyless)));
            List<Object> out = readAll(ch);
            try {
                assertThat(out).as(bodyless).hasSize(2);
                assertThat(out.get(0)).as(bodyless).isInstanceOf(DefaultHttpRequest.class)
                        .isNotInstanceOf(HttpContent.class);
                assertThat(((HttpRequest) out.get(0)).decoderResult().isSuccess()).as(bodyless).isTrue();
                assertThat(out.get(1)).as(bodyless).isInstanceOf(LastHttpContent.class)
                        .isNotInstanceOf(HttpRequest.class);
                assertThat(((LastHttpContent) out.get(1)).content().readableBytes()).as(bodyless).isZero();
                assertThat(((LastHttpContent) out.get(1)).decoderResult().isSuccess()).as(bodyless).isTrue();
            } finally {
                out.forEach(ReferenceCountUtil::release);
            }
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theTrailersAreKeptWithoutTheFramingNames() {
        Request r = only(decode("PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
                + "X-Sum: 1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\nX-More:  m \r\n\r\n"));
        assertThat(r.body()).isEqualTo("abc");
        assertThat(r.trailers()).containsExactly(new Field("X-Sum", "1"), new Field("X-More", "m"));
    }

    @Test
    void theTrailerHeadersHoldNoFramingNameAtAll() {
        EmbeddedChannel ch = new Probe(MAX_URI, MAX_HEADER).channel();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                + "Content-Length: 3\r\nTrailer: X\r\nTransfer-Encoding: chunked\r\nX: 1\r\n\r\n")));
        List<Object> out = readAll(ch);
        try {
            assertThat(out).hasSize(2);
            assertThat(out.get(1)).isInstanceOf(LastHttpContent.class);
            assertThat(((LastHttpContent) out.get(1)).trailingHeaders().names()).containsExactly("X");
        } finally {
            out.forEach(ReferenceCountUtil::release);
        }
        ch.finishAndReleaseAll();
    }

    /** Netty 4.2 refuses these (so they are not in the differential corpus); RFC 9112 7.1.1 lets BWS stand. */
    @Test
    void whitespaceAfterTheChunkSizeIsAllowed() {
        Request r = only(decode("PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5 \r\nhello\r\n3\t;ext\r\nabc\r\n2 ;a=b\r\nde\r\n0  \r\n\r\n"));
        assertThat(r.body()).isEqualTo("helloabcde");
        assertThat(r.ended()).isTrue();
        assertThat(r.failed()).isFalse();
    }

    @Test
    void emptyLinesBeforeARequestAreSkippedAndPipelinedRequestsComeInOrder() {
        List<Request> rs = decode("\r\n\r\nGET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n222"
                + "\r\nPUT /three HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n3\r\n0\r\n\r\n");
        assertThat(rs).extracting(Request::method).containsExactly("GET", "POST", "PUT");
        assertThat(rs).extracting(Request::uri).containsExactly("/one", "/two", "/three");
        assertThat(rs).extracting(Request::body).containsExactly("", "222", "3");
        assertThat(rs).allSatisfy(r -> {
            assertThat(r.ended()).isTrue();
            assertThat(r.failed()).isFalse();
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. Malformed heads are refused, and nothing behind them is read.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void aMalformedHeadIsRefusedAndNothingBehindItIsRead(Bad c) {
        byte[] input = concat(c.bytes(), ascii(SMUGGLED));
        for (boolean bytewise : new boolean[] {false, true}) {
            String how = c.name() + (bytewise ? ", one byte at a time" : ", one buffer");
            int[] cuts = bytewise ? bytewiseCuts(input.length) : new int[0];
            Reading reading = read(new Probe(c.maxUri(), c.maxHeader()), input, cuts, bytewise);
            assertThat(reading.kinds).as(how).containsExactly("head FAILED");
            Throwable cause = reading.causes.get(0);
            assertThat(cause).as("%s: the cause says why", how).isNotNull();
            if (c.cause() != null) {
                assertThat(cause).as(how).isInstanceOf(c.cause());
            } else {
                assertThat(cause).as("%s: not a limit", how).isNotInstanceOf(TooLongHttpLineException.class)
                        .isNotInstanceOf(TooLongHttpHeaderException.class);
            }
        }
    }

    static Stream<Bad> malformedHeads() {
        String line = "GET / HTTP/1.1\r\n";
        String host = "Host: x\r\n";
        String ok = line + host;
        return Stream.of(
                // the request line
                bad("two spaces after the method", "GET  / HTTP/1.1\r\n" + host + "\r\n"),
                bad("two spaces before the version", "GET /  HTTP/1.1\r\n" + host + "\r\n"),
                bad("text after the version", "GET / HTTP/1.1 x\r\n" + host + "\r\n"),
                bad("a space after the version", "GET / HTTP/1.1 \r\n" + host + "\r\n"),
                bad("a space before the method", " GET / HTTP/1.1\r\n" + host + "\r\n"),
                bad("a space in the target", "GET /a b HTTP/1.1\r\n" + host + "\r\n"),
                bad("a tab instead of a space", "GET\t/ HTTP/1.1\r\n" + host + "\r\n"),
                bad("no target", "GET HTTP/1.1\r\n" + host + "\r\n"),
                bad("no version (HTTP/0.9)", "GET /\r\n" + host + "\r\n"),
                bad("version HTTP/2.0", "GET / HTTP/2.0\r\n" + host + "\r\n"),
                bad("version HTTP/1.2", "GET / HTTP/1.2\r\n" + host + "\r\n"),
                bad("lower-case version", "GET / http/1.1\r\n" + host + "\r\n"),
                bad("non-token character in the method", "G@T / HTTP/1.1\r\n" + host + "\r\n"),
                bad("control character in the target", "GET /\u0001 HTTP/1.1\r\n" + host + "\r\n"),
                bad("DEL in the target", "GET /a\u007fb HTTP/1.1\r\n" + host + "\r\n"),
                bad("NUL in the target", "GET /a\0b HTTP/1.1\r\n" + host + "\r\n"),
                bad("not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n\r\n"),
                bad("a TLS ClientHello", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003"),
                // line ends
                bad("bare LF after the request line", "GET / HTTP/1.1\n" + host + "\r\n"),
                bad("bare LF after a header", line + "Host: x\nX-A: b\r\n\r\n"),
                bad("bare LF as the empty line", ok + "\n"),
                bad("bare LF before the request line", "\nGET / HTTP/1.1\r\n" + host + "\r\n"),
                bad("bare CR before the request line", "\rGET / HTTP/1.1\r\n" + host + "\r\n"),
                bad("bare CR in the target", "GET /a\rb HTTP/1.1\r\n" + host + "\r\n"),
                bad("bare CR in a value", ok + "X-A: b\rc\r\n\r\n"),
                bad("bare CR as the empty line", ok + "\r\r\n"),
                // names
                bad("space in a name", ok + "X Note: a\r\n\r\n"),
                bad("space between name and colon", line + "Host : x\r\n\r\n"),
                bad("tab between name and colon", ok + "X-Note\t: a\r\n\r\n"),
                bad("non-token character in a name", ok + "X@Note: a\r\n\r\n"),
                bad("obs-text in a name", ok + "X-Caf\u00e9: a\r\n\r\n"),
                bad("empty name", ok + ": a\r\n\r\n"),
                bad("header line without a colon", ok + "X-Note\r\n\r\n"),
                bad("obs-fold before any header", line + " X-A: b\r\n" + host + "\r\n"),
                // values
                bad("NUL in a value", ok + "X-A: b\0c\r\n\r\n"),
                bad("DEL in a value", ok + "X-A: b\u007fc\r\n\r\n"),
                bad("ESC in a value", ok + "X-A: b\u001bc\r\n\r\n"),
                bad("NUL in an obs-fold", ok + "X-A: b\r\n c\0\r\n\r\n"),
                // framing
                bad("Content-Length twice, equal", ok + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                bad("Content-Length twice, different", ok + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello"),
                bad("Content-Length list", ok + "Content-Length: 5, 5\r\n\r\nhello"),
                bad("Content-Length +5", ok + "Content-Length: +5\r\n\r\nhello"),
                bad("Content-Length -5", ok + "Content-Length: -5\r\n\r\nhello"),
                bad("Content-Length 0x5", ok + "Content-Length: 0x5\r\n\r\nhello"),
                bad("Content-Length 5a", ok + "Content-Length: 5a\r\n\r\nhello"),
                bad("Content-Length 5 5", ok + "Content-Length: 5 5\r\n\r\nhello"),
                bad("Content-Length five", ok + "Content-Length: five\r\n\r\nhello"),
                bad("Content-Length empty", ok + "Content-Length: \r\n\r\nhello"),
                bad("Content-Length of 19 digits", ok + "Content-Length: 1000000000000000005\r\n\r\nhello"),
                bad("Transfer-Encoding gzip", ok + "Transfer-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                bad("Transfer-Encoding gzip, chunked", ok + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n"
                        + "0\r\n\r\n"),
                bad("Transfer-Encoding chunked, chunked", ok + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding identity", ok + "Transfer-Encoding: identity\r\n\r\nhello"),
                bad("Transfer-Encoding empty", ok + "Transfer-Encoding: \r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding xchunked", ok + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding twice", ok + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n"),
                bad("Content-Length then Transfer-Encoding", ok + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                        + "\r\n0\r\n\r\n"),
                bad("Transfer-Encoding then Content-Length", ok + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"
                        + "\r\n0\r\n\r\n"),
                bad("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                // limits (the small decoder)
                new Bad("request line over maxUri", ascii("GET /" + "a".repeat(SMALL_URI - 13) + " HTTP/1.1\r\n"
                        + host + "\r\n"), SMALL_URI, SMALL_HEADER, TooLongHttpLineException.class),
                new Bad("header lines over maxHeader", ascii(ok + "X-Pad: " + "p".repeat(SMALL_HEADER - 13) + "\r\n\r\n"),
                        SMALL_URI, SMALL_HEADER, TooLongHttpHeaderException.class),
                new Bad("many short header lines over maxHeader", ascii(line + "X-A: 1\r\n".repeat(SMALL_HEADER / 6 + 1)
                        + "\r\n"), SMALL_URI, SMALL_HEADER, TooLongHttpHeaderException.class));
    }

    @Test
    void aRequestLineOfExactlyMaxUriBytesIsReadAndOneByteMoreIsRefused() {
        String fits = "GET /" + "a".repeat(SMALL_URI - 14) + " HTTP/1.1";
        assertThat(fits).hasSize(SMALL_URI);
        Reading ok = read(new Probe(SMALL_URI, SMALL_HEADER), ascii(fits + "\r\nHost: x\r\n\r\n"), new int[0], false);
        assertThat(ok.kinds).containsExactly("head ok GET", "last ok");

        String over = "GET /" + "a".repeat(SMALL_URI - 13) + " HTTP/1.1";
        assertThat(over).hasSize(SMALL_URI + 1);
        Reading refused = read(new Probe(SMALL_URI, SMALL_HEADER), ascii(over + "\r\nHost: x\r\n\r\n"), new int[0], false);
        assertThat(refused.kinds).containsExactly("head FAILED");
        assertThat(refused.causes.get(0)).isInstanceOf(TooLongHttpLineException.class);
    }

    @Test
    void headerLinesOfExactlyMaxHeaderBytesAreReadAndOneByteMoreIsRefused() {
        String fits = "Host: x\r\nX-Pad: " + "p".repeat(SMALL_HEADER - 14) + "\r\n";
        assertThat(fits.length() - 4).as("header bytes without CRLFs").isEqualTo(SMALL_HEADER);
        Reading ok = read(new Probe(SMALL_URI, SMALL_HEADER), ascii("GET / HTTP/1.1\r\n" + fits + "\r\n"), new int[0],
                false);
        assertThat(ok.kinds).containsExactly("head ok GET", "last ok");

        String over = "Host: x\r\nX-Pad: " + "p".repeat(SMALL_HEADER - 13) + "\r\n";
        assertThat(over.length() - 4).isEqualTo(SMALL_HEADER + 1);
        Reading refused = read(new Probe(SMALL_URI, SMALL_HEADER), ascii("GET / HTTP/1.1\r\n" + over + "\r\n"),
                new int[0], false);
        assertThat(refused.kinds).containsExactly("head FAILED");
        assertThat(refused.causes.get(0)).isInstanceOf(TooLongHttpHeaderException.class);

        // the same sum over many lines: 8 lines of 16 bytes, then one line of 3 more
        String sixteen = "X-Header-%02d: abc\r\n";
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < SMALL_HEADER / 16; i++) {
            lines.append(String.format(sixteen, i));
        }
        Reading many = read(new Probe(SMALL_URI, SMALL_HEADER), ascii("GET / HTTP/1.1\r\n" + lines + "\r\n"),
                new int[0], false);
        assertThat(many.kinds).as("8 lines of 16 bytes").containsExactly("head ok GET", "last ok");
        Reading oneMore = read(new Probe(SMALL_URI, SMALL_HEADER), ascii("GET / HTTP/1.1\r\n" + lines + "X:y\r\n\r\n"),
                new int[0], false);
        assertThat(oneMore.kinds).as("8 lines of 16 bytes and one of 3").containsExactly("head FAILED");
        assertThat(oneMore.causes.get(0)).isInstanceOf(TooLongHttpHeaderException.class);
    }

    @Test
    void aRequestLineOfMaxUriBytesWhoseCrlfHasNotArrivedIsAwaited() {
        EmbeddedChannel ch = new Probe(SMALL_URI, SMALL_HEADER).channel();
        String fits = "GET /" + "a".repeat(SMALL_URI - 14) + " HTTP/1.1";
        ch.writeInbound(Unpooled.copiedBuffer(ascii(fits)));
        assertThat((Object) ch.readInbound()).as("nothing before the CRLF").isNull();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\r")));
        assertThat((Object) ch.readInbound()).as("nothing before the LF").isNull();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\nHost: x\r\n\r\n")));
        Reading r = new Reading();
        r.drain(ch);
        assertThat(r.kinds).containsExactly("head ok GET", "last ok");
        ch.finishAndReleaseAll();
    }

    @Test
    void headerLinesOfMaxHeaderBytesWhoseLastLfHasNotArrivedAreAwaited() {
        EmbeddedChannel ch = new Probe(SMALL_URI, SMALL_HEADER).channel();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(SMALL_HEADER - 14))));
        assertThat((Object) ch.readInbound()).as("nothing before the CRLF").isNull();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\r")));
        assertThat((Object) ch.readInbound()).as("nothing before the LF").isNull();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\n\r")));
        assertThat((Object) ch.readInbound()).as("nothing before the empty line's LF").isNull();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\n")));
        Reading r = new Reading();
        r.drain(ch);
        assertThat(r.kinds).containsExactly("head ok GET", "last ok");
        ch.finishAndReleaseAll();
    }

    @Test
    void anOverLongRequestLineFailsBeforeItsEndArrives() {
        Probe p = new Probe(SMALL_URI, SMALL_HEADER);
        EmbeddedChannel ch = p.channel();
        Reading r = new Reading();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("GET /" + "a".repeat(2 * SMALL_URI))));
        r.drain(ch);
        assertThat(r.kinds).as("at once, with no LF sent").containsExactly("head FAILED");
        assertThat(r.causes.get(0)).isInstanceOf(TooLongHttpLineException.class);
        ch.writeInbound(Unpooled.copiedBuffer(ascii(" HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED)));
        ch.finish();
        r.drain(ch);
        assertThat(r.kinds).as("nothing after").containsExactly("head FAILED");
        ch.finishAndReleaseAll();
    }

    @Test
    void anOverLongRequestLineFedBytewiseFailsWithinItsCrlfsTwoBytesOfTheLimit() {
        Probe p = new Probe(SMALL_URI, SMALL_HEADER);
        EmbeddedChannel ch = p.channel();
        Reading r = new Reading();
        byte[] line = ascii("GET /" + "a".repeat(4 * SMALL_URI));
        int sent = 0;
        while (sent < line.length && r.kinds.isEmpty()) {
            ch.writeInbound(Unpooled.wrappedBuffer(line, sent++, 1));
            r.drain(ch);
        }
        assertThat(r.kinds).containsExactly("head FAILED");
        assertThat(r.causes.get(0)).isInstanceOf(TooLongHttpLineException.class);
        assertThat(sent).as("bytes sent when the failure came out").isBetween(SMALL_URI + 1, SMALL_URI + 3);
        ch.finishAndReleaseAll();
    }

    @Test
    void overLongHeaderLinesFailBeforeTheirEndArrives() {
        Probe p = new Probe(SMALL_URI, SMALL_HEADER);
        EmbeddedChannel ch = p.channel();
        Reading r = new Reading();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(2 * SMALL_HEADER))));
        r.drain(ch);
        assertThat(r.kinds).as("at once, with no LF sent").containsExactly("head FAILED");
        assertThat(r.causes.get(0)).isInstanceOf(TooLongHttpHeaderException.class);
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\r\n\r\n" + SMUGGLED)));
        ch.finish();
        r.drain(ch);
        assertThat(r.kinds).as("nothing after").containsExactly("head FAILED");
        ch.finishAndReleaseAll();
    }

    @Test
    void aFailedHeadIsARequestWithTheFailureAsItsDecoderResultAndNothingFollowsWhateverArrives() {
        EmbeddedChannel ch = new Probe(MAX_URI, MAX_HEADER).channel();
        ch.writeInbound(Unpooled.copiedBuffer(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello")));
        Object first = ch.readInbound();
        try {
            assertThat(first).isInstanceOf(HttpRequest.class);
            assertThat(((HttpRequest) first).decoderResult().isFailure()).isTrue();
            assertThat(((HttpRequest) first).decoderResult().cause()).as("the cause says why").isNotNull();
        } finally {
            ReferenceCountUtil.release(first);
        }
        Reading after = new Reading();
        after.drain(ch);
        ch.writeInbound(Unpooled.copiedBuffer(ascii(SMUGGLED)));
        after.drain(ch);
        ch.writeInbound(Unpooled.copiedBuffer(ascii("\r\n")));
        ch.writeInbound(Unpooled.copiedBuffer(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\n")));
        ByteBuf direct = Unpooled.directBuffer();
        direct.writeBytes(ascii("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"));
        ch.writeInbound(direct);
        after.drain(ch);
        ch.finish();
        after.drain(ch);
        assertThat(after.kinds).as("nothing after the failure, even at the close").isEmpty();
        ch.finishAndReleaseAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Malformed bodies fail the request, and nothing behind them is read.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedBodyFailsTheRequestAndNothingBehindItIsRead(Bad c) {
        byte[] input = concat(ascii("PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"), c.bytes(),
                ascii(SMUGGLED));
        for (boolean bytewise : new boolean[] {false, true}) {
            int[] cuts = bytewise ? bytewiseCuts(input.length) : new int[0];
            List<String> kinds = read(new Probe(MAX_URI, MAX_HEADER), input, cuts, bytewise).kinds;
            String how = c.name() + (bytewise ? ", one byte at a time" : ", one buffer");
            assertThat(kinds).as(how).hasSizeGreaterThanOrEqualTo(2);
            assertThat(kinds.get(0)).as(how).isEqualTo("head ok PUT");
            assertThat(kinds.get(kinds.size() - 1)).as(how).isEqualTo("last FAILED");
            assertThat(kinds.subList(1, kinds.size() - 1)).as(how).allMatch(k -> k.startsWith("content "));
        }
    }

    static Stream<Bad> malformedBodies() {
        return Stream.of(
                bad("chunk size z", "z\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size of 26 digits", "10000000000000000000000005\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size of 16 digits", "0000000000000005\r\nhello\r\n0\r\n\r\n"),
                bad("empty chunk size line", "\r\nhello\r\n0\r\n\r\n"),
                bad("negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size +5", "+5\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size 0x5", "0x5\r\nhello\r\n0\r\n\r\n"),
                bad("space before the chunk size", " 5\r\nhello\r\n0\r\n\r\n"),
                bad("text after the chunk size", "5 x\r\nhello\r\n0\r\n\r\n"),
                bad("bare LF after the chunk size", "5\nhello\r\n0\r\n\r\n"),
                bad("bare CR after the chunk size", "5\rhello\r\n0\r\n\r\n"),
                bad("bare LF after an extension", "5;a=b\nhello\r\n0\r\n\r\n"),
                bad("no CRLF after the chunk data", "5\r\nhelloXX\r\n0\r\n\r\n"),
                bad("bare LF after the chunk data", "5\r\nhello\n0\r\n\r\n"),
                bad("bare LF after the last chunk", "5\r\nhello\r\n0\n\r\n"),
                bad("space in a trailer name", "0\r\nX Sum: 1\r\n\r\n"),
                bad("space between trailer name and colon", "0\r\nX-Sum : 1\r\n\r\n"),
                bad("trailer without a colon", "0\r\nX-Sum\r\n\r\n"),
                bad("obs-fold before any trailer", "0\r\n X-Sum: 1\r\n\r\n"),
                bad("bare LF in the trailers", "0\r\nX-Sum: 1\n\r\n"),
                bad("bare LF as the trailers' empty line", "0\r\nX-Sum: 1\r\n\n"),
                bad("NUL in a trailer value", "0\r\nX-Sum: 1\0\r\n\r\n"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. The client closes.
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutOffBodies")
    void aBodyCutOffByTheCloseFails(Bad c) {
        for (boolean twoReads : new boolean[] {false, true}) {
            int[] cuts = twoReads ? new int[] {c.bytes().length / 2} : new int[0];
            List<String> kinds = read(new Probe(MAX_URI, MAX_HEADER), c.bytes(), cuts, twoReads).kinds;
            String how = c.name() + (twoReads ? ", in two reads" : ", in one read");
            assertThat(kinds).as(how).hasSizeGreaterThanOrEqualTo(2);
            assertThat(kinds.get(0)).as(how).startsWith("head ok ");
            assertThat(kinds.get(kinds.size() - 1)).as(how).isEqualTo("last FAILED");
            assertThat(kinds.subList(1, kinds.size() - 1)).as(how).allMatch(k -> k.startsWith("content "));
        }
    }

    static Stream<Bad> cutOffBodies() {
        String chunked = "PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                bad("Content-Length body cut off", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"),
                bad("Content-Length body not started", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"),
                bad("Content-Length body one byte short", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"
                        + "012345678"),
                bad("cut off inside a chunk", chunked + "5\r\nab"),
                bad("cut off inside a chunk size line", chunked + "5"),
                bad("cut off between chunks", chunked + "5\r\nhello\r\n"),
                bad("cut off before the CRLF after chunk data", chunked + "5\r\nhello"),
                bad("cut off in the trailers", chunked + "5\r\nhello\r\n0\r\nX-Sum: 1\r\n"),
                bad("cut off after the last chunk", chunked + "0\r\n"),
                bad("chunked body not started", chunked));
    }

    @Test
    void theSecondRequestsCutOffBodyFailsOnlyTheSecond() {
        List<String> kinds = read(new Probe(MAX_URI, MAX_HEADER), ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab"), new int[0], false).kinds;
        assertThat(kinds).containsExactly("head ok GET", "last ok", "head ok POST", "content 2", "last FAILED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutOffHeads")
    void aHeadCutOffByTheCloseGivesNoRequest(Bad c) {
        for (boolean bytewise : new boolean[] {false, true}) {
            int[] cuts = bytewise ? bytewiseCuts(c.bytes().length) : new int[0];
            List<String> kinds = read(new Probe(MAX_URI, MAX_HEADER), c.bytes(), cuts, bytewise).kinds;
            assertThat(List.of(List.of(), List.of("head FAILED")))
                    .as("%s%s: nothing, or one failed request", c.name(), bytewise ? ", one byte at a time" : "")
                    .contains(kinds);
        }
    }

    static Stream<Bad> cutOffHeads() {
        return Stream.of(
                bad("in the method", "GE"),
                bad("in the target", "GET /libr"),
                bad("in the version", "GET / HTT"),
                bad("before the request line's CRLF", "GET / HTTP/1.1"),
                bad("between CR and LF", "GET / HTTP/1.1\r"),
                bad("after the request line", "GET / HTTP/1.1\r\n"),
                bad("in a header name", "GET / HTTP/1.1\r\nHo"),
                bad("in a header value", "GET / HTTP/1.1\r\nHost: plex.exa"),
                bad("before the empty line", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"),
                bad("in the empty line", "GET / HTTP/1.1\r\nHost: x\r\n\r"),
                bad("after empty lines", "\r\n\r\nGET /b HTTP/1.1\r\nX-A: b"));
    }

    @Test
    void aHeadCutOffAfterACompleteRequestTakesNothingFromTheFirst() {
        for (String first : List.of("GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok")) {
            List<String> kinds = read(new Probe(MAX_URI, MAX_HEADER), ascii(first + "GET /b HTTP/1.1\r\nX-A"),
                    new int[0], false).kinds;
            List<String> firstRead = List.of("head ok " + first.substring(0, first.indexOf(' ')),
                    first.startsWith("GET") ? "last ok" : "last ok 2");
            List<String> withFailure = new ArrayList<>(firstRead);
            withFailure.add("head FAILED");
            assertThat(List.of(firstRead, withFailure)).as("%s, then a head cut off", first.strip()).contains(kinds);
        }
    }

    @Test
    void aCloseAfterACompleteRequestAddsNothing() {
        assertThat(read(new Probe(MAX_URI, MAX_HEADER), ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), new int[0], false)
                .kinds).containsExactly("head ok GET", "last ok");
        assertThat(read(new Probe(MAX_URI, MAX_HEADER), ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok"),
                new int[0], false).kinds).containsExactly("head ok POST", "last ok 2");
        assertThat(read(new Probe(MAX_URI, MAX_HEADER),
                ascii("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"), new int[0], true).kinds)
                .containsExactly("head ok PUT", "content 2", "last ok");
        assertThat(read(new Probe(MAX_URI, MAX_HEADER), ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"), new int[] {10, 40}, false).kinds)
                .containsExactly("head ok GET", "last ok", "head ok GET", "last ok");
        assertThat(read(new Probe(MAX_URI, MAX_HEADER), new byte[0], new int[0], false).kinds)
                .as("nothing received at all").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5. A large body comes in pieces of at most 1 MiB.
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aThreeMebibyteBodyComesInPiecesOfAtMostOneMebibyte() {
        byte[] body = randomBytes(3 * MAX_PIECE, 5);
        byte[] head = ascii("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
        for (boolean oneBuffer : new boolean[] {true, false}) {
            String how = oneBuffer ? "one direct buffer" : "head, then the body in 64 KiB heap buffers";
            Probe p = new Probe(MAX_URI, MAX_HEADER);
            EmbeddedChannel ch = p.channel();
            List<Object> out = new ArrayList<>();
            if (oneBuffer) {
                ByteBuf in = Unpooled.directBuffer(head.length + body.length);
                in.writeBytes(head).writeBytes(body);
                ch.writeInbound(in);
                out.addAll(readAll(ch));
            } else {
                ch.writeInbound(Unpooled.copiedBuffer(head));
                for (int at = 0; at < body.length; at += 64 * 1024) {
                    ch.writeInbound(Unpooled.copiedBuffer(body, at, Math.min(64 * 1024, body.length - at)));
                    out.addAll(readAll(ch));
                }
            }
            try {
                assertThat(out.get(0)).as(how).isInstanceOf(DefaultHttpRequest.class).isNotInstanceOf(HttpContent.class);
                assertThat(((HttpRequest) out.get(0)).headers().get("Content-Length")).isEqualTo(String.valueOf(body.length));
                List<Object> pieces = out.subList(1, out.size());
                assertThat(pieces).as("%s: at least three pieces", how).hasSizeGreaterThanOrEqualTo(3)
                        .allSatisfy(x -> assertThat(x).isInstanceOf(HttpContent.class).isNotInstanceOf(HttpRequest.class))
                        .allSatisfy(x -> assertThat(((HttpContent) x).content().readableBytes())
                                .isLessThanOrEqualTo(MAX_PIECE));
                assertThat(pieces.get(pieces.size() - 1)).as(how).isInstanceOf(LastHttpContent.class);
                assertThat(((LastHttpContent) pieces.get(pieces.size() - 1)).decoderResult().isSuccess()).isTrue();
                assertThat(pieces.subList(0, pieces.size() - 1)).as(how).noneMatch(x -> x instanceof LastHttpContent);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (Object x : pieces) {
                    all.writeBytes(ByteBufUtil.getBytes(((HttpContent) x).content()));
                }
                assertThat(Arrays.equals(all.toByteArray(), body)).as("%s: the body, byte for byte", how).isTrue();
            } finally {
                out.forEach(ReferenceCountUtil::release);
            }
            ch.finish();
            assertThat(readAll(ch)).as("%s: nothing at the close", how).isEmpty();
            ch.finishAndReleaseAll();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Feeding and transcripts.
    // ---------------------------------------------------------------------------------------------------------

    /** A corpus entry: the bytes a client sends, and how many requests they hold. */
    record Case(String name, byte[] bytes, int requests) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A refused (or cut-off) input; {@code cause} the exception class expected, or null for any but the limits'. */
    record Bad(String name, byte[] bytes, int maxUri, int maxHeader, Class<? extends Throwable> cause) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Feed(String name, int[] cuts, boolean direct) {}

    private static Case ok(String name, String latin1) {
        return ok(name, latin1, 1);
    }

    private static Case ok(String name, String latin1, int requests) {
        return new Case(name, ascii(latin1), requests);
    }

    private static Case ok(String name, byte[] bytes) {
        return new Case(name, bytes, 1);
    }

    private static Bad bad(String name, String latin1) {
        return new Bad(name, ascii(latin1), MAX_URI, MAX_HEADER, null);
    }

    /** The decoder under test, with a counter as its {@code onBytes} and the channel it is in. */
    private static final class Probe {
        final ReadClock clock = new ReadClock();
        final ClientRequestDecoder decoder;
        EmbeddedChannel ch;
        int reads;
        /** Reads whose onBytes found messages already decoded (from this read: the test drains after each). */
        int readsAfterOutput;

        Probe(int maxUri, int maxHeader) {
            decoder = new ClientRequestDecoder(maxUri, maxHeader, this::onBytes, clock);
        }

        private void onBytes() {
            reads++;
            if (ch != null && !ch.inboundMessages().isEmpty()) {
                readsAfterOutput++;
            }
        }

        EmbeddedChannel channel() {
            ch = new EmbeddedChannel(decoder);
            return ch;
        }
    }

    /** Netty's decoder as the old {@code ClientRequestDecoder} configured it. */
    private static HttpRequestDecoder nettyReference() {
        return new HttpRequestDecoder(new HttpDecoderConfig().setMaxInitialLineLength(MAX_URI)
                .setMaxHeaderSize(MAX_HEADER).setMaxChunkSize(MAX_PIECE));
    }

    private static List<Request> runNetty(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(nettyReference());
        Transcript t = new Transcript();
        feed(ch, input, new int[0], false, t::drain);
        return t.requests();
    }

    /** Writes {@code input} cut at {@code cuts}, then closes; the transcript of everything read. */
    private static Transcript run(Probe p, byte[] input, int[] cuts, boolean direct) {
        Transcript t = new Transcript();
        t.writes = feed(p.channel(), input, cuts, direct, t::drain);
        return t;
    }

    /** Like {@link #run}, but a short description of each message read (for the refusal and close tests). */
    private static Reading read(Probe p, byte[] input, int[] cuts, boolean direct) {
        Reading r = new Reading();
        feed(p.channel(), input, cuts, direct, r::drain);
        return r;
    }

    /** Writes the pieces, draining after each and after the close; releases all; the number of writes. */
    private static int feed(EmbeddedChannel ch, byte[] input, int[] cuts, boolean direct,
            Consumer<EmbeddedChannel> drain) {
        int writes = 0;
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                if (to > from) {
                    ch.writeInbound(buffer(input, from, to - from, direct));
                    writes++;
                    drain.accept(ch);
                }
                from = to;
            }
            ch.finish();
            drain.accept(ch);
        } finally {
            ch.finishAndReleaseAll();
        }
        return writes;
    }

    /** Decodes {@code latin1} in one buffer with the production limits. */
    private static List<Request> decode(String latin1) {
        return run(new Probe(MAX_URI, MAX_HEADER), ascii(latin1), new int[0], false).requests();
    }

    /** The one request {@code latin1} holds, which must succeed with no body; its head, released. */
    private static HttpRequest onlyHead(String latin1) {
        EmbeddedChannel ch = new Probe(MAX_URI, MAX_HEADER).channel();
        ch.writeInbound(Unpooled.copiedBuffer(ascii(latin1)));
        List<Object> out = readAll(ch);
        try {
            assertThat(out).as(latin1).hasSize(2);
            assertThat(out.get(0)).as(latin1).isInstanceOf(HttpRequest.class);
            assertThat(((HttpRequest) out.get(0)).decoderResult().isSuccess()).as(latin1).isTrue();
            assertThat(out.get(1)).as(latin1).isInstanceOf(LastHttpContent.class);
            return (HttpRequest) out.get(0);
        } finally {
            out.forEach(ReferenceCountUtil::release);
            ch.finishAndReleaseAll();
        }
    }

    private static Request only(List<Request> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** Outside a read the clock reads fresh: the decoder left every {@code enter()} it made with an {@code exit()}. */
    private static void assertClockLeftOutsideARead(ReadClock clock) {
        long first = clock.now();
        long until = System.nanoTime() + 2_000;
        while (System.nanoTime() <= until) {
            Thread.onSpinWait();
        }
        assertThat(clock.now()).as("the ReadClock after the reads (an enter without its exit freezes it)")
                .isGreaterThan(first);
    }




    /**
     * A request as read: what the two decoders must agree on. {@code constant} tells whether the method is the
     * very object Netty's constant of that name is. The body is a summary (length and digest).
     */
    record Request(String method, boolean constant, String uri, String version, List<Field> headers, String body,
            List<Field> trailers, boolean ended, boolean failed) {}

    /** Short descriptions of the messages read, and the failed heads' causes; releases each. */
    private static final class Reading {
        final List<String> kinds = new ArrayList<>();
        final List<Throwable> causes = new ArrayList<>();

        void drain(EmbeddedChannel ch) {
            for (Object m; (m = ch.readInbound()) != null; ) {
                try {
                    add(m);
                } finally {
                    ReferenceCountUtil.release(m);
                }
            }
        }

        private void add(Object m) {
            boolean failedHead = false;
            if (m instanceof HttpRequest r) {
                failedHead = r.decoderResult().isFailure();
                kinds.add(failedHead ? "head FAILED" : "head ok " + r.method().name());
                if (failedHead) {
                    causes.add(r.decoderResult().cause());
                }
            }
            if (m instanceof LastHttpContent last) {
                if (!failedHead) {
                    int n = last.content().readableBytes();
                    kinds.add(last.decoderResult().isFailure() ? "last FAILED" : n == 0 ? "last ok" : "last ok " + n);
                }
            } else if (m instanceof HttpContent c) {
                kinds.add(c.decoderResult().isFailure() ? "FAILED content" : "content " + c.content().readableBytes());
            } else if (!(m instanceof HttpRequest)) {
                kinds.add("unexpected " + m.getClass().getName());
            }
        }
    }

    /**
     * Folds the messages a decoder emits into {@link Request}s, releasing each. They are held until the transcript
     * is asked for, so the body pieces must still hold their bytes after the later reads and the close.
     */
    private static final class Transcript {
        private static final List<HttpMethod> CONSTANTS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
                HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE,
                HttpMethod.CONNECT);
        private final List<Building> building = new ArrayList<>();
        private final List<Object> held = new ArrayList<>();
        int largestPiece;
        int writes;

        void drain(EmbeddedChannel ch) {
            for (Object m; (m = ch.readInbound()) != null; ) {
                held.add(m);
            }
        }

        private void add(Object msg) {
            try {
                Building b = null;
                if (msg instanceof HttpRequest r) {
                    b = new Building();
                    b.method = r.method().name();
                    b.constant = CONSTANTS.stream().anyMatch(k -> k == r.method());
                    b.uri = r.uri();
                    b.version = r.protocolVersion().text();
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
                    b.failed |= c.decoderResult().isFailure();
                    if (msg instanceof LastHttpContent last) {
                        b.trailers = fields(last.trailingHeaders(), true);
                        b.ended = true;
                    }
                } else if (b == null) {
                    b = new Building();
                    b.method = "unexpected message " + msg.getClass().getName();
                    building.add(b);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The request the content belongs to; content with no open request is a transcript entry of its own. */
        private Building current() {
            Building b = building.isEmpty() ? null : building.get(building.size() - 1);
            if (b == null || b.ended || b.failed) {
                b = new Building();
                b.method = "content without a head in progress";
                building.add(b);
            }
            return b;
        }

        List<Request> requests() {
            try {
                held.forEach(this::add);
            } finally {
                held.clear();
            }
            return building.stream().map(Building::done).toList();
        }

    }

    private static final class Building {
        String method;
        boolean constant;
        String uri;
        String version;
        List<Field> headers = List.of();
        List<Field> trailers = List.of();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended;
        boolean failed;

        Request done() {
            return new Request(method, constant, uri, version, headers, summary(body.toByteArray()), trailers, ended,
                    failed);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bytes.
    // ---------------------------------------------------------------------------------------------------------








}
