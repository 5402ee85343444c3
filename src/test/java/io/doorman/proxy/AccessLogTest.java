package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.doorman.plex.PlexTokens;
import io.doorman.testkit.RawHttp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One line per request, local/remote by LAN networks, tokens only as fingerprints. */
class AccessLogTest {

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    /** The lines so far: one logging event carries a batch of lines, as the writer gathered them. */
    private List<String> lines() {
        return List.copyOf(lines.list).stream().flatMap(e -> e.getFormattedMessage().lines()).toList();
    }

    private List<String> awaitLines(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> lines().size() >= n);
        return lines();
    }

    @Test
    void linesCarryClientLocalityStatusBytesAndNoRawToken() throws Exception {
        String token = "raw-owner-token-1234567890";
        try (ProxyHarness h = ProxyHarness.start(); RawHttp c = h.connect()) {
            c.send("GET /library/sections?X-Plex-Token=" + token + "&type=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            long bytes = c.readResponse().bodyLength();
            c.send("GET /nope HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.50\r\n\r\n");
            c.readResponse();
            c.send("GET /photo/:/transcode?url=%2Flibrary%2Fx%3FX-Plex-Token%3D" + token + " HTTP/1.1\r\nHost: x\r\n"
                    + "X-Forwarded-For: 192.168.1.20\r\n\r\n");
            c.readResponse();
            List<String> got = awaitLines(3);
            String fp = PlexTokens.fingerprint(token);
            assertThat(got.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z 127\\.0\\.0\\.1 local GET "
                    + "/library/sections\\?X-Plex-Token=" + fp.replace(":", "\\:") + "&type=1 200 " + bytes + " \\d+\\.\\dms");
            assertThat(got.get(1)).contains(" 203.0.113.50 remote GET /nope 404 ");
            assertThat(got.get(2)).contains(" 192.168.1.20 local GET ").contains("X-Plex-Token%3D" + fp);
            assertThat(String.join("\n", got)).doesNotContain(token);
        }
    }

    /** The logged duration, in milliseconds, of a line that ends in "<n.n>ms". */
    private static double millis(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1, line.length() - 2));
    }

    @Test
    void aDurationRunsFromTheRequestToItsAnswerAndNotFromTheConnectionsLastRead() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp c = h.connect()) {
            c.send("GET /slow/300 HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readResponse();
            Thread.sleep(400); // the connection idles between the two requests
            c.send("GET /library/sections HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readResponse();
            List<String> got = awaitLines(2);
            assertThat(millis(got.get(0))).as(got.get(0)).isBetween(300.0, 3000.0);
            assertThat(millis(got.get(1))).as(got.get(1)).isLessThan(300.0);
        }
    }

    @Test
    void failedRequestsAreLoggedToo() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.responseTimeout(Duration.ofMillis(200))); RawHttp c = h.connect()) {
            c.send("GET /slow/2000 HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readResponse();
            assertThat(awaitLines(1).get(0)).contains(" GET /slow/2000 504 ");
        }
    }

    @Test
    void durationsReadAsTheyDidWithFormat() {
        AccessLog log = new AccessLog(t -> t, new ProxyMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        try {
            long[] nanos = {0, 1, 49_999, 50_000, 99_999, 150_000, 949_999, 950_000, 1_000_000, 12_345_678, 99_950_000,
                    123_456_789_012L};
            for (long n : nanos) {
                StringBuilder sb = new StringBuilder();
                log.format(sb, new AccessLog.Entry(0, java.net.InetAddress.getLoopbackAddress(), true, "GET", "/", 200, 0, n));
                assertThat(sb.toString()).as("%d ns", n).endsWith(" " + String.format(java.util.Locale.ROOT, "%.1fms",
                        n / 1e6));
            }
        } finally {
            log.close();
        }
    }
}
