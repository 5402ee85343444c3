package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.testkit.BytePattern;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bodies stream both ways with backpressure and flat memory; framing edge cases come out right. */
class ProxyStreamingTest {

    static final long GIB = 1L << 30;
    static ProxyHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ProxyHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void fourGibDownloadStreamsWithFlatMemory() throws Exception {
        long n = 4 * GIB;
        try (DirectMemoryWatch mem = new DirectMemoryWatch(); RawHttp c = h.connect()) {
            c.send("GET /bytes/" + n + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Long.toString(n));
            BytePattern.verify(c.in(), 0, n);
            mem.close();
            assertThat(mem.maxBytes()).as("direct memory while streaming 4 GiB").isLessThan(64L << 20);
        }
    }

    @Test
    void fourGibUploadStreamsWithFlatMemory() throws Exception {
        long n = 4 * GIB;
        CompletableFuture<String> expected = CompletableFuture.supplyAsync(() -> BytePattern.sha256Hex(0, n));
        try (DirectMemoryWatch mem = new DirectMemoryWatch(); RawHttp c = h.connect(Duration.ofSeconds(120))) {
            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: video/mp2t\r\nContent-Length: " + n + "\r\n\r\n");
            OutputStream out = c.out();
            try (InputStream body = BytePattern.inputStream(0, n)) {
                body.transferTo(out);
            }
            out.flush();
            RawResponse r = c.readResponse();
            mem.close();
            assertThat(r.status()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(r.bodyText());
            assertThat(json.get("bytes").asLong()).isEqualTo(n);
            assertThat(json.get("sha256").asText()).isEqualTo(expected.get());
            assertThat(mem.maxBytes()).as("direct memory while uploading 4 GiB").isLessThan(64L << 20);
        }
    }

    @Test
    void chunkedUploadIsReframedAndIntact() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(r.bodyText());
            assertThat(json.get("bytes").asLong()).isEqualTo(11);
            assertThat(json.get("sha256").asText())
                    .isEqualTo(io.doorman.testkit.FakePms.sha256Hex("hello world".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void rangeRequestsGet206AndTheRightBytes() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET /bytes/1000000 HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1999\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("bytes 1000-1999/1000000");
            assertThat(r.body()).isEqualTo(BytePattern.bytes(1000, 1000));
            c.send("GET /bytes/1000000 HTTP/1.1\r\nHost: x\r\nRange: bytes=-10\r\n\r\n");
            RawResponse tail = c.readResponse();
            assertThat(tail.status()).isEqualTo(206);
            assertThat(tail.body()).isEqualTo(BytePattern.bytes(999_990, 10));
            c.send("GET /bytes/100 HTTP/1.1\r\nHost: x\r\nRange: bytes=500-\r\n\r\n");
            RawResponse bad = c.readResponse();
            assertThat(bad.status()).isEqualTo(416);
            assertThat(bad.header("Content-Range")).isEqualTo("bytes */100");
        }
    }

    @Test
    void chunkedResponseStaysChunkedAndIntact() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET /chunked/300000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
            assertThat(r.bodyLength()).isEqualTo(300000);
            assertThat(r.body()).isEqualTo(BytePattern.bytes(0, 300000));
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).as("connection still usable").isEqualTo(200);
        }
    }

    @Test
    void closeDelimitedResponseIsChunkedForHttp11Clients() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET /until-close/50000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
            assertThat(r.body()).isEqualTo(BytePattern.bytes(0, 50000));
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void headResponsesHaveNoBodyAndKeepTheConnection() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("HEAD /bytes/123456 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse(true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("123456");
            c.send("GET /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse next = c.readResponse();
            assertThat(next.body()).isEqualTo(BytePattern.bytes(0, 10));
        }
    }

    @Test
    void noBodyStatusesPassWithoutBody() throws Exception {
        try (RawHttp c = h.connect()) {
            for (int code : new int[] {204, 304}) {
                c.send("GET /status/" + code + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = c.readResponse();
                assertThat(r.status()).isEqualTo(code);
                assertThat(r.bodyLength()).isZero();
                assertThat(r.header("Transfer-Encoding")).isNull();
            }
            c.send("GET /status/418 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(418);
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse cont = c.readHead();
            assertThat(cont.status()).isEqualTo(100);
            c.send("12345");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"bytes\":5");
        }
        assertThat(h.pms.lastRequest().header("Expect")).isNull();
    }

    @Test
    void clientThatDisconnectsMidStreamClosesTheUpstreamSide() throws Exception {
        int before = h.pms.brokenPipes();
        try (RawHttp c = h.connect()) {
            c.send("GET /slow-body/500000000/5 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            c.in().readNBytes(200_000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> h.pms.brokenPipes() > before);
        try (RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void javaHttpClientSeesTheSameBytes() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(h.uri("/chunked/2000000")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (InputStream in = r.body()) {
            assertThat(BytePattern.verifyToEnd(in, 0)).isEqualTo(2_000_000);
        }
    }
}
