package io.doorman.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exercises the fake PMS directly (no proxy), with RawHttp and java.net.http.HttpClient. */
class FakePmsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakePms pms;

    @BeforeEach
    void startFake() {
        pms = FakePms.start();
    }

    @AfterEach
    void stopFake() {
        pms.close();
    }

    private RawHttp connect() {
        return RawHttp.connect(pms.address());
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: pms\r\n\r\n";
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    @Test
    void identityAnswersExactPlexXml() throws Exception {
        try (HttpClient client = httpClient()) {
            HttpResponse<String> res = client.send(
                    HttpRequest.newBuilder(pms.baseUri().resolve("/identity")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
            assertThat(res.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<MediaContainer size=\"0\" claimed=\"1\" friendlyName=\"Fake PMS\" machineIdentifier=\"fake-machine-id\" "
                    + "version=\"1.42.1.10060-4e8b05daf\">\n</MediaContainer>\n");
        }
        RecordedRequest req = pms.lastRequest();
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.target()).isEqualTo("/identity");
        assertThat(req.bodyLength()).isZero();
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/identity"));
            assertThat(raw.readResponse().status()).isEqualTo(200);
            raw.send(get("/"));
            RawResponse root = raw.readResponse();
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.bodyText()).contains("<MediaContainer").contains("fake-machine-id");
            assertThat(pms.connectionsAccepted()).isEqualTo(1);
            assertThat(pms.requests()).extracting(RecordedRequest::connectionId).containsExactly(1, 1);
            assertThat(pms.requests()).extracting(RecordedRequest::remotePort).containsOnly(raw.localPort());
            assertThat(pms.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void echoKeepsRawTargetAndHeaderOrder() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("PATCH /echo/a%2Fb?x=1&y=%20 HTTP/1.1\r\nHost: h\r\nX-B: 2\r\nx-a:1\r\nX-B:  3 \r\n"
                    + "Content-Length: 3\r\n\r\nabc");
            RawResponse res = raw.readResponse();
            JsonNode json = JSON.readTree(res.body());
            assertThat(json.get("method").asText()).isEqualTo("PATCH");
            assertThat(json.get("target").asText()).isEqualTo("/echo/a%2Fb?x=1&y=%20");
            assertThat(json.get("headers").toString())
                    .isEqualTo("[[\"Host\",\"h\"],[\"X-B\",\"2\"],[\"x-a\",\"1\"],[\"X-B\",\"3\"],[\"Content-Length\",\"3\"]]");
            assertThat(json.get("bodyLength").asLong()).isEqualTo(3);
            assertThat(json.get("bodySha256").asText()).isEqualTo(FakePms.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)));
        }
        RecordedRequest req = pms.lastRequest();
        assertThat(req.headers("x-b")).containsExactly("2", "3");
        assertThat(req.header("X-A")).isEqualTo("1");
        assertThat(req.queryParam("y")).isEqualTo(" ");
        assertThat(req.bodyText()).isEqualTo("abc");
    }

    @Test
    void absoluteFormTargetIsRoutedByItsPath() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("http://pms:32400/identity?x=1"));
            assertThat(raw.readResponse().bodyText()).contains("fake-machine-id");
        }
        assertThat(pms.lastRequest().target()).isEqualTo("http://pms:32400/identity?x=1");
    }

    @Test
    void rangesGive206AndUnsatisfiableGives416() throws Exception {
        try (RawHttp raw = connect()) {
            assertRange(raw, "bytes=10-19", "bytes 10-19/1000", 10, 10);
            assertRange(raw, "bytes=990-", "bytes 990-999/1000", 990, 10);
            assertRange(raw, "bytes=-5", "bytes 995-999/1000", 995, 5);
            assertRange(raw, "bytes=5-99999", "bytes 5-999/1000", 5, 995);

            raw.send("GET /bytes/1000 HTTP/1.1\r\nHost: pms\r\nRange: bytes=1000-\r\n\r\n");
            RawResponse res = raw.readResponse();
            assertThat(res.status()).isEqualTo(416);
            assertThat(res.header("Content-Range")).isEqualTo("bytes */1000");

            raw.send(get("/bytes/1000"));
            res = raw.readResponse();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.header("Accept-Ranges")).isEqualTo("bytes");
            assertThat(res.header("Content-Type")).isEqualTo("video/mp2t");
            assertThat(res.body()).isEqualTo(BytePattern.bytes(0, 1000));
        }
    }

    private static void assertRange(RawHttp raw, String range, String contentRange, long first, int length)
            throws IOException {
        raw.send("GET /bytes/1000 HTTP/1.1\r\nHost: pms\r\nRange: " + range + "\r\n\r\n");
        RawResponse res = raw.readResponse();
        assertThat(res.status()).isEqualTo(206);
        assertThat(res.header("Content-Range")).isEqualTo(contentRange);
        assertThat(res.header("Content-Length")).isEqualTo(Integer.toString(length));
        assertThat(res.body()).isEqualTo(BytePattern.bytes(first, length));
    }

    @Test
    void headDeclaresLengthButSendsNoBody() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("HEAD /bytes/5000 HTTP/1.1\r\nHost: pms\r\n\r\n");
            RawResponse head = raw.readResponse(true);
            assertThat(head.header("Content-Length")).isEqualTo("5000");
            // If any body byte had been sent, this second response would be garbage.
            raw.send(get("/identity"));
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void chunkedResponseDecodesToThePattern() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/chunked/200000"));
            RawResponse res = raw.readResponse();
            assertThat(res.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(res.header("Content-Length")).isNull();
            assertThat(res.bodyLength()).isEqualTo(200000);
            BytePattern.verify(new ByteArrayInputStream(res.body()), 0, 200000);

            raw.send(get("/chunked/10"));
            raw.readHead();
            // Wire check: a 1-byte chunk, then a 7-byte one, then the rest.
            String wire = new String(raw.in().readNBytes(3 + 1 + 2 + 3 + 7 + 2 + 3), StandardCharsets.ISO_8859_1);
            assertThat(wire).startsWith("1\r\n").contains("\r\n7\r\n").endsWith("\r\n2\r\n");
        }
    }

    @Test
    void untilCloseEndsTheBodyByClosing() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/until-close/100000"));
            RawResponse res = raw.readResponse();
            assertThat(res.header("Content-Length")).isNull();
            assertThat(res.header("Transfer-Encoding")).isNull();
            assertThat(res.header("Connection")).isEqualTo("close");
            assertThat(res.body()).isEqualTo(BytePattern.bytes(0, 100000));
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void uploadHashesContentLengthAndChunkedBodies() throws Exception {
        long size = 3L * 1024 * 1024 + 17;
        String expected = BytePattern.sha256Hex(0, size);
        try (HttpClient client = httpClient()) {
            var sized = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> BytePattern.inputStream(0, size)), size);
            var unsized = HttpRequest.BodyPublishers.ofInputStream(() -> BytePattern.inputStream(0, size));
            for (var body : List.of(sized, unsized)) {
                HttpResponse<byte[]> res = client.send(
                        HttpRequest.newBuilder(pms.baseUri().resolve("/upload")).timeout(WAIT).POST(body).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                JsonNode json = JSON.readTree(res.body());
                assertThat(json.get("bytes").asLong()).isEqualTo(size);
                assertThat(json.get("sha256").asText()).isEqualTo(expected);
            }
        }
        List<RecordedRequest> uploads = pms.requests();
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).header("Content-Length")).isEqualTo(Long.toString(size));
        assertThat(uploads.get(1).header("Transfer-Encoding")).isEqualTo("chunked");
        for (RecordedRequest r : uploads) {
            assertThat(r.bodyLength()).isEqualTo(size);
            assertThat(r.bodyPrefix()).isEqualTo(BytePattern.bytes(0, RecordedRequest.BODY_PREFIX_LIMIT));
        }
    }

    @Test
    void rawChunkedUploadWithTrailersKeepsTheConnectionUsable() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("PUT /upload HTTP/1.1\r\nHost: pms\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            JsonNode json = JSON.readTree(raw.readResponse().body());
            assertThat(json.get("bytes").asLong()).isEqualTo(11);
            assertThat(json.get("sha256").asText())
                    .isEqualTo(FakePms.sha256Hex("hello world".getBytes(StandardCharsets.UTF_8)));
            raw.send(get("/identity"));
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void expectContinueGets100BeforeTheBody() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("POST /upload HTTP/1.1\r\nHost: pms\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse interim = raw.readResponse();
            assertThat(interim.status()).isEqualTo(100);
            raw.send("hello");
            RawResponse res = raw.readResponse();
            assertThat(res.status()).isEqualTo(200);
            assertThat(JSON.readTree(res.body()).get("bytes").asLong()).isEqualTo(5);
        }
        assertThat(pms.lastRequest().sawExpectContinue()).isTrue();
        assertThat(pms.lastRequest().header("Expect")).isEqualTo("100-continue");
    }

    @Test
    void sectionsNeedAKnownTokenOnceAnyIsConfigured() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/library/sections"));
            RawResponse open = raw.readResponse();
            assertThat(open.status()).isEqualTo(200);
            assertThat(open.bodyText()).contains("title=\"Movies\"").contains("title=\"TV Shows\"");

            pms.addToken("secret-1");
            assertThat(pms.tokens()).containsExactly("secret-1");
            raw.send(get("/library/sections"));
            RawResponse denied = raw.readResponse();
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.bodyText()).isEqualTo(
                    "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>");

            raw.send(get("/library/sections?X-Plex-Token=wrong"));
            assertThat(raw.readResponse().status()).isEqualTo(401);
            raw.send(get("/library/sections?X-Plex-Token=secret-1"));
            assertThat(raw.readResponse().status()).isEqualTo(200);
            raw.send("GET /library/sections HTTP/1.1\r\nHost: pms\r\nX-Plex-Token: secret-1\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void webSocketHandshakeHelloEchoAndClose() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("GET /:/websockets/notifications?X-Plex-Token=t HTTP/1.1\r\nHost: pms\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            RawResponse res = raw.readResponse();
            assertThat(res.status()).isEqualTo(101);
            // The accept value for this key is the worked example in RFC 6455 §1.3.
            assertThat(res.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(res.header("Upgrade")).isEqualTo("websocket");

            WebSocketFrames.Frame hello = WebSocketFrames.read(raw.in());
            assertThat(hello.masked()).isFalse();
            assertThat(hello.opcode()).isEqualTo(WebSocketFrames.TEXT);
            assertThat(hello.text()).isEqualTo("{\"NotificationContainer\":{\"type\":\"hello\"}}");

            raw.send(WebSocketFrames.maskedText("hi there"));
            WebSocketFrames.Frame echo = WebSocketFrames.read(raw.in());
            assertThat(echo.text()).isEqualTo("hi there");
            assertThat(echo.masked()).isFalse();

            byte[] big = BytePattern.bytes(0, 70000);
            raw.send(WebSocketFrames.masked(true, WebSocketFrames.BINARY, big));
            assertThat(WebSocketFrames.read(raw.in()).payload()).isEqualTo(big);

            raw.send(WebSocketFrames.masked(true, WebSocketFrames.PING, new byte[] {1, 2}));
            WebSocketFrames.Frame pong = WebSocketFrames.read(raw.in());
            assertThat(pong.opcode()).isEqualTo(WebSocketFrames.PONG);
            assertThat(pong.payload()).containsExactly(1, 2);

            raw.send(WebSocketFrames.maskedClose());
            WebSocketFrames.Frame close = WebSocketFrames.read(raw.in());
            assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void closeAfterResponseDropsTheConnectionSilently() throws Exception {
        pms.setCloseAfterResponse(true);
        try (RawHttp raw = connect()) {
            raw.send(get("/identity"));
            RawResponse res = raw.readResponse();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.header("Connection")).isNull();
            assertThat(raw.isClosedByPeer()).isTrue();
        }
        pms.setCloseAfterResponse(false);
        try (RawHttp raw = connect()) {
            raw.send(get("/identity"));
            raw.readResponse();
            assertThat(raw.isClosedByPeer(Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    void oneGibDownloadMatchesThePatternAndKeepsAlive() throws Exception {
        long size = 1L << 30;
        try (RawHttp raw = connect()) {
            raw.send(get("/bytes/" + size));
            RawResponse head = raw.readHead();
            assertThat(head.header("Content-Length")).isEqualTo(Long.toString(size));
            FakePms.verifyPattern(raw.in(), 0, size);
            raw.send(get("/identity"));
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        assertThat(pms.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void statusRoutesAndUnknownPaths() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/status/204"));
            RawResponse noContent = raw.readResponse();
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.header("Content-Length")).isNull();
            raw.send(get("/status/304"));
            assertThat(raw.readResponse().status()).isEqualTo(304);
            raw.send(get("/status/503"));
            RawResponse unavailable = raw.readResponse();
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.bodyText()).isEqualTo("status 503\n");
            raw.send(get("/no/such/thing"));
            assertThat(raw.readResponse().status()).isEqualTo(404);
            raw.send(get("/slow/20"));
            assertThat(raw.readResponse().bodyText()).isEqualTo("slow");
        }
        assertThat(pms.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void dropClosesWithoutAnswering() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/drop"));
            assertThatThrownBy(raw::readResponse).isInstanceOf(EOFException.class);
        }
        assertThat(pms.lastRequest().target()).isEqualTo("/drop");
    }

    @Test
    void hangNeverAnswersUntilTheFakeCloses() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/hang"));
            pms.awaitRequest(r -> r.target().equals("/hang"), WAIT);
            assertThat(raw.isClosedByPeer(Duration.ofMillis(200))).isFalse();
            pms.close();
            assertThat(raw.isClosedByPeer()).isTrue();
            await().atMost(WAIT).until(() -> pms.openConnections() == 0); // each thread leaves the set as it ends
        }
        assertThatThrownBy(this::connect).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void clientLeavingMidBodyCountsAsBrokenPipe() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send(get("/slow-body/50000000/10"));
            assertThat(raw.readHead().header("Content-Length")).isEqualTo("50000000");
            FakePms.verifyPattern(raw.in(), 0, 64 * 1024);
        }
        await().atMost(WAIT).until(() -> pms.brokenPipes() == 1);
        await().atMost(WAIT).until(() -> pms.openConnections() == 0);
    }

    @Test
    void closeIdleConnectionsClosesOnlyIdleOnes() throws Exception {
        try (RawHttp idle = connect(); RawHttp busy = connect()) {
            idle.send(get("/identity"));
            idle.readResponse();
            busy.send(get("/slow/1000"));
            pms.awaitRequest(r -> r.target().equals("/slow/1000"), WAIT);
            // The client can read the answer before the connection's thread is back waiting for the next request.
            await().atMost(WAIT).until(() -> pms.idleConnections() == 1);
            pms.closeIdleConnections();
            assertThat(idle.isClosedByPeer()).isTrue();
            assertThat(busy.readResponse().bodyText()).isEqualTo("slow");
        }
    }

    @Test
    void extraHeadersAndDelayApplyToEveryResponse() throws Exception {
        pms.setExtraResponseHeaders(List.of(Map.entry("Connection", "X-Foo"), Map.entry("X-Foo", "bar"),
                Map.entry("Keep-Alive", "timeout=5"), Map.entry("Proxy-Authenticate", "Basic")));
        pms.setResponseDelay(Duration.ofMillis(50));
        try (RawHttp raw = connect()) {
            raw.send(get("/identity"));
            RawResponse res = raw.readResponse();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.headers()).endsWith(Map.entry("Connection", "X-Foo"), Map.entry("X-Foo", "bar"),
                    Map.entry("Keep-Alive", "timeout=5"), Map.entry("Proxy-Authenticate", "Basic"));
            assertThat(res.bodyText()).contains("fake-machine-id");
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveAsked() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("GET /identity HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(raw.readResponse().header("Connection")).isEqualTo("keep-alive");
            raw.send("GET /chunked/100 HTTP/1.0\r\n\r\n");
            RawResponse res = raw.readResponse();
            assertThat(res.header("Transfer-Encoding")).isNull();
            assertThat(res.body()).isEqualTo(BytePattern.bytes(0, 100));
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void malformedRequestGets400AndClose() throws Exception {
        try (RawHttp raw = connect()) {
            raw.send("BOGUS\r\n\r\n");
            RawResponse res = raw.readResponse();
            assertThat(res.status()).isEqualTo(400);
            assertThat(res.hasToken("Connection", "close")).isTrue();
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void manyConcurrentClients() throws Exception {
        try (HttpClient client = httpClient(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                long first = i * 1000L;
                results.add(pool.submit(() -> {
                    HttpResponse<byte[]> res = client.send(
                            HttpRequest.newBuilder(pms.baseUri().resolve("/bytes/300000")).timeout(WAIT)
                                    .header("Range", "bytes=" + first + "-").build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    BytePattern.verify(new ByteArrayInputStream(res.body()), first, 300000 - first);
                    return res.statusCode();
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isIn(200, 206);
            }
        }
        assertThat(pms.requests()).hasSize(64);
    }

    @Test
    void awaitRequestFailsAfterItsTimeout() {
        assertThatThrownBy(() -> pms.awaitRequest(r -> false, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no matching request");
    }

    @Test
    void closeShutsEveryConnectionAndThePort() throws Exception {
        int port = pms.port();
        List<RawHttp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                RawHttp raw = connect();
                raw.send(get("/identity"));
                raw.readResponse();
                clients.add(raw);
            }
            assertThat(pms.openConnections()).isEqualTo(5);
            pms.close();
            for (RawHttp raw : clients) {
                assertThat(raw.isClosedByPeer()).isTrue();
            }
            await().atMost(WAIT).until(() -> pms.openConnections() == 0); // each thread leaves the set as it ends
            // The port is free again.
            try (ServerSocket rebind = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(rebind.getLocalPort()).isEqualTo(port);
            }
        } finally {
            clients.forEach(RawHttp::close);
        }
    }

    @Test
    void bindsIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        Assumptions.assumeTrue(NetworkInterface.getByInetAddress(v6) != null, "no ::1 on this machine");
        try (FakePms six = FakePms.start(v6); RawHttp raw = RawHttp.connect(six.address())) {
            assertThat(six.baseUri().toString()).isEqualTo("http://[0:0:0:0:0:0:0:1]:" + six.port());
            raw.send(get("/identity"));
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void patternCheckerFindsShiftsAndFlippedBytes() {
        assertThat(BytePattern.bytes(0, 256)).isNotEqualTo(BytePattern.bytes(256, 256));
        assertThat(BytePattern.bytes(0, 256)).isNotEqualTo(BytePattern.bytes(65536, 256));
        assertThat(BytePattern.bytes(5_000_000_000L, 16)[3]).isEqualTo(FakePms.patternByte(5_000_000_003L));
        byte[] body = BytePattern.bytes(1000, 5000);
        body[1234] ^= 1;
        assertThatThrownBy(() -> BytePattern.verify(new ByteArrayInputStream(body), 1000, 5000))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("offset 2234");
        assertThatThrownBy(() -> BytePattern.verify(new ByteArrayInputStream(new byte[10]), 0, 20))
                .isInstanceOf(AssertionError.class);
    }
}
