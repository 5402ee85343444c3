package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.testkit.BytePattern;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import io.doorman.testkit.WebSocketFrames;
import io.doorman.testkit.WebSocketFrames.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WebSocket upgrades (Plex's notification socket): the handshake crosses intact, then frames relay both ways. */
class ProxyWebSocketTest {

    private static final String PATH = "/:/websockets/notifications";
    private static final String HELLO = "{\"NotificationContainer\":{\"type\":\"hello\"}}";
    private static final Duration READ_LIMIT = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(5);

    static ProxyHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ProxyHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static String upgradeRequest(String key, String connectionHeader, String extraHeaders) {
        return "GET " + PATH + "?X-Plex-Token=abc HTTP/1.1\r\nHost: plex.example.com\r\n"
                + (connectionHeader == null ? "" : "Connection: " + connectionHeader + "\r\n")
                + "Upgrade: websocket\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
    }

    /** Sends an upgrade on {@code c}, checks the 101 and the hello frame; returns the key used. */
    private static String open(RawHttp c, String connectionHeader) throws Exception {
        String key = WebSocketFrames.newKey();
        c.send(upgradeRequest(key, connectionHeader, ""));
        RawResponse head = c.readHead();
        assertThat(head.status()).as(head.toString()).isEqualTo(101);
        assertThat(head.header("Sec-WebSocket-Accept")).isEqualTo(WebSocketFrames.acceptFor(key));
        Frame hello = WebSocketFrames.read(c.in());
        assertThat(hello.opcode()).isEqualTo(WebSocketFrames.TEXT);
        assertThat(hello.text()).isEqualTo(HELLO);
        return key;
    }

    private static boolean hasToken(List<String> values, String token) {
        return values.stream().flatMap(v -> Arrays.stream(v.split(",")))
                .anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT)));
    }

    @Test
    void handshakeCrossesWithTheRightHeadersBothWays() throws Exception {
        h.pms.clear();
        String key = WebSocketFrames.newKey();
        try (RawHttp c = h.connect(READ_LIMIT)) {
            c.send(upgradeRequest(key, "Upgrade, X-Hop", "X-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
                    + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers\r\nOrigin: https://app.plex.tv\r\n"));
            RawResponse head = c.readHead();
            assertThat(head.status()).as(head.toString()).isEqualTo(101);
            assertThat(head.headers("Upgrade")).singleElement()
                    .satisfies(v -> assertThat(v).isEqualToIgnoringCase("websocket"));
            assertThat(head.headers("Connection")).singleElement()
                    .satisfies(v -> assertThat(v).isEqualToIgnoringCase("Upgrade"));
            assertThat(head.header("Sec-WebSocket-Accept")).isEqualTo(WebSocketFrames.acceptFor(key));
            assertThat(head.header("Content-Length")).isNull();
            assertThat(head.header("Transfer-Encoding")).isNull();

            RecordedRequest up = h.pms.awaitRequest(r -> r.path().equals(PATH), SETTLE);
            assertThat(up.queryParam("X-Plex-Token")).isEqualTo("abc");
            assertThat(hasToken(up.headers("Connection"), "Upgrade")).as("Connection at PMS: %s", up.headers())
                    .isTrue();
            assertThat(hasToken(up.headers("Connection"), "X-Hop")).isFalse();
            assertThat(up.headers("Upgrade")).singleElement()
                    .satisfies(v -> assertThat(v).isEqualToIgnoringCase("websocket"));
            assertThat(up.header("Sec-WebSocket-Key")).isEqualTo(key);
            assertThat(up.header("Sec-WebSocket-Version")).isEqualTo("13");
            assertThat(up.header("Origin")).isEqualTo("https://app.plex.tv");
            for (String gone : List.of("X-Hop", "Keep-Alive", "Proxy-Authorization", "TE")) {
                assertThat(up.header(gone)).as(gone).isNull();
            }

            Frame hello = WebSocketFrames.read(c.in());
            assertThat(hello.fin()).isTrue();
            assertThat(hello.masked()).isFalse();
            assertThat(hello.opcode()).isEqualTo(WebSocketFrames.TEXT);
            assertThat(hello.text()).isEqualTo(HELLO);
        }
    }

    @Test
    void framesAreEchoedByteForByte() throws Exception {
        try (RawHttp c = h.connect(READ_LIMIT)) {
            open(c, "Upgrade");

            byte[] text = "hello through doorman ✓".getBytes(StandardCharsets.UTF_8);
            c.send(WebSocketFrames.masked(true, WebSocketFrames.TEXT, text));
            byte[] expected = WebSocketFrames.unmasked(true, WebSocketFrames.TEXT, text);
            assertThat(c.in().readNBytes(expected.length)).isEqualTo(expected);

            byte[] binary = new byte[200 * 1024];
            new Random(42).nextBytes(binary);
            c.send(WebSocketFrames.masked(true, WebSocketFrames.BINARY, binary));
            byte[] expectedBinary = WebSocketFrames.unmasked(true, WebSocketFrames.BINARY, binary);
            assertThat(c.in().readNBytes(expectedBinary.length)).isEqualTo(expectedBinary);

            // Several frames and a ping in one write: the relay must neither merge nor drop any of them.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            List<String> words = List.of("one", "two", "three", "four", "five");
            for (String w : words) {
                burst.writeBytes(WebSocketFrames.maskedText(w));
            }
            byte[] pingBody = BytePattern.bytes(0, 20);
            burst.writeBytes(WebSocketFrames.masked(true, WebSocketFrames.PING, pingBody));
            c.send(burst.toByteArray());
            for (String w : words) {
                Frame f = WebSocketFrames.read(c.in());
                assertThat(f.opcode()).isEqualTo(WebSocketFrames.TEXT);
                assertThat(f.text()).isEqualTo(w);
            }
            Frame pong = WebSocketFrames.read(c.in());
            assertThat(pong.opcode()).isEqualTo(WebSocketFrames.PONG);
            assertThat(pong.payload()).isEqualTo(pingBody);
        }
    }

    /** Upgrades to the fake's {@code /echo-ws} with its handshake switches; returns the 101 head. */
    private static RawResponse openEcho(RawHttp c, String switches) throws Exception {
        c.send("GET /echo-ws?" + switches + " HTTP/1.1\r\nHost: plex.example.com\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Key: " + WebSocketFrames.newKey()
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        RawResponse head = c.readHead();
        assertThat(head.status()).as(head.toString()).isEqualTo(101);
        return head;
    }

    @Test
    void aSwitchWithoutAcceptIsRelayedAndTheClientMaySpeakFirst() throws Exception {
        try (RawHttp c = h.connect(READ_LIMIT)) {
            RawResponse head = openEcho(c, "accept=omit&hello=off");
            assertThat(head.header("Sec-WebSocket-Accept")).isNull();
            assertThat(head.header("Upgrade")).isEqualToIgnoringCase("websocket");
            c.send(WebSocketFrames.maskedText("client first"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("client first");
            c.send(WebSocketFrames.maskedText("and again"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("and again");
        }
    }

    @Test
    void aSwitchWithoutAcceptIsRelayedAndPmsMaySpeakFirst() throws Exception {
        try (RawHttp c = h.connect(READ_LIMIT)) {
            assertThat(openEcho(c, "accept=omit").header("Sec-WebSocket-Accept")).isNull();
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo(HELLO);
            c.send(WebSocketFrames.maskedText("reply"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("reply");
        }
    }

    @Test
    void aSwitchWithoutUpgradeHeaderStillTunnels() throws Exception {
        try (RawHttp c = h.connect(READ_LIMIT)) {
            RawResponse head = openEcho(c, "upgrade=omit&hello=off");
            // The client asked for websocket and PMS switched: the client's own value names the protocol.
            assertThat(head.header("Upgrade")).isEqualToIgnoringCase("websocket");
            c.send(WebSocketFrames.maskedText("no upgrade header"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("no upgrade header");
        }
    }

    @Test
    void aQuietWebSocketOutlivesTheIdleTimeout() throws Exception {
        try (ProxyHarness own = ProxyHarness.start(b -> b.idleTimeout(Duration.ofMillis(500)));
                RawHttp c = own.connect(READ_LIMIT)) {
            open(c, "Upgrade");
            // The idle timeout is for keep-alive connections between requests, not for an open WebSocket.
            Thread.sleep(1_500);
            c.send(WebSocketFrames.maskedText("still open"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("still open");
        }
    }

    @Test
    void clientCloseIsEchoedAndBothConnectionsEnd() throws Exception {
        try (ProxyHarness own = ProxyHarness.start(); RawHttp c = own.connect(READ_LIMIT)) {
            open(c, "Upgrade");
            assertThat(own.pms.openConnections()).isEqualTo(1);

            c.send(WebSocketFrames.maskedClose());
            Frame close = WebSocketFrames.read(c.in());
            assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);

            assertThat(c.isClosedByPeer(SETTLE)).as("proxy closed the client side").isTrue();
            await().atMost(SETTLE).until(() -> own.pms.openConnections() == 0);
        }
    }

    @Test
    void upstreamClosingFirstClosesTheClient() throws Exception {
        try (ProxyHarness own = ProxyHarness.start(); RawHttp c = own.connect(READ_LIMIT)) {
            open(c, "Upgrade");
            own.pms.close();
            assertThat(c.isClosedByPeer(SETTLE)).as("proxy closed the client after PMS went away").isTrue();
        }
    }

    @Test
    void connectionHeaderListingUpgradeAmongOthersStillUpgrades() throws Exception {
        try (RawHttp c = h.connect(READ_LIMIT)) {
            open(c, "keep-alive, Upgrade");
            c.send(WebSocketFrames.maskedText("listed"));
            assertThat(WebSocketFrames.read(c.in()).text()).isEqualTo("listed");
        }
    }

    @Test
    void upgradeWithoutConnectionUpgradeIsAnOrdinaryRequest() throws Exception {
        h.pms.clear();
        try (RawHttp c = h.connect(READ_LIMIT)) {
            c.send(upgradeRequest(WebSocketFrames.newKey(), null, ""));
            RawResponse r = c.readResponse();
            // The fake answers a plain GET of the socket path with 404: proof it was never asked to upgrade.
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.header("Upgrade")).isNull();
            RecordedRequest up = h.pms.awaitRequest(q -> q.path().equals(PATH), SETTLE);
            assertThat(up.header("Upgrade")).as("Upgrade is hop-by-hop and was stripped").isNull();
            assertThat(up.header("Connection")).isNull();

            // Still an HTTP connection.
            c.send("GET /identity HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void upgradeRefusedByPmsLeavesAnOrdinaryHttpConnection() throws Exception {
        try (RawHttp c = h.connect(READ_LIMIT)) {
            // No Sec-WebSocket-Key: the fake PMS refuses with 400 instead of switching protocols.
            c.send("GET " + PATH + " HTTP/1.1\r\nHost: plex.example.com\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.bodyText()).contains("Sec-WebSocket-Key");
            c.send("GET /identity HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void ordinaryRequestsKeepWorkingWhileAWebSocketIsOpen() throws Exception {
        try (RawHttp ws = h.connect(READ_LIMIT)) {
            open(ws, "Upgrade");
            for (int i = 0; i < 3; i++) {
                try (RawHttp c = h.connect(READ_LIMIT)) {
                    c.send("GET /identity HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
                    assertThat(c.readResponse().status()).isEqualTo(200);
                    c.send("GET /bytes/300000 HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
                    RawResponse head = c.readHead();
                    assertThat(head.status()).isEqualTo(200);
                    BytePattern.verify(c.in(), 0, 300_000);
                }
            }
            ws.send(WebSocketFrames.maskedText("still here"));
            assertThat(WebSocketFrames.read(ws.in()).text()).isEqualTo("still here");
        }
    }
}
