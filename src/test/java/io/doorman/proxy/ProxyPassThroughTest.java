package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.Cidr;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Methods, targets and headers pass through exactly; hop-by-hop headers do not; forwarded headers are right. */
class ProxyPassThroughTest {

    static ProxyHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ProxyHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static RecordedRequest roundTrip(ProxyHarness harness, String rawRequest) throws Exception {
        harness.pms.clear();
        try (RawHttp c = harness.connect()) {
            c.send(rawRequest);
            RawResponse r = c.readResponse();
            assertThat(r.status()).isLessThan(500);
        }
        return harness.pms.lastRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/:/timeline?ratingKey=12&key=%2Flibrary%2Fmetadata%2F12&state=playing&time=1000&X-Plex-Token=abc",
        "/video/:/transcode/universal/start.m3u8?hasMDE=1&path=%2Flibrary%2Fmetadata%2F5&mediaIndex=0&protocol=hls",
        "/tv.plex.providers.epg.xmltv:135/grid?type=1&sort=beginsAt",
        "/library/metadata/1/children?X-Plex-Container-Start=0&X-Plex-Container-Size=50",
        "/photo/:/transcode?url=%2Flibrary%2Fmetadata%2F1%2Fthumb%2F1%3FX-Plex-Token%3Dxyz&width=240",
        "/a%20b/%7Euser/;param?q=%E2%9C%93&empty=&flag&&x=1%2B1",
        "/echo/odd%2fcase?A=b&a=B#not-sent"
    })
    void targetIsForwardedByteForByte(String target) throws Exception {
        String sent = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        RecordedRequest r = roundTrip(h, "GET " + sent + " HTTP/1.1\r\nHost: media.example.com\r\n\r\n");
        assertThat(r.target()).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"})
    void everyMethodPassesThrough(String method) throws Exception {
        String body = method.equals("GET") || method.equals("OPTIONS") ? "" : "hello";
        RecordedRequest r = roundTrip(h, method + " /echo/m HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body);
        assertThat(r.method()).isEqualTo(method);
        assertThat(r.bodyLength()).isEqualTo(body.length());
    }

    @Test
    void hostAndPlexHeadersPassUntouched() throws Exception {
        RecordedRequest r = roundTrip(h, "GET /echo HTTP/1.1\r\nHost: media.example.com:443\r\n"
                + "X-Plex-Client-Identifier: abc-123\r\nX-Plex-Product: Plex Web\r\nX-Plex-Device: Linux\r\n"
                + "X-Plex-Device-Name: Chrome\r\nX-Plex-Platform: Chrome\r\nX-Plex-Version: 4.1\r\n"
                + "Accept-Language: en\r\nCookie: a=b\r\n\r\n");
        assertThat(r.header("Host")).isEqualTo("media.example.com:443");
        assertThat(r.header("X-Plex-Client-Identifier")).isEqualTo("abc-123");
        assertThat(r.header("X-Plex-Product")).isEqualTo("Plex Web");
        assertThat(r.header("X-Plex-Device")).isEqualTo("Linux");
        assertThat(r.header("X-Plex-Device-Name")).isEqualTo("Chrome");
        assertThat(r.header("X-Plex-Platform")).isEqualTo("Chrome");
        assertThat(r.header("X-Plex-Version")).isEqualTo("4.1");
        assertThat(r.header("Cookie")).isEqualTo("a=b");
    }

    @Test
    void hopByHopHeadersNeverReachPms() throws Exception {
        RecordedRequest r = roundTrip(h, "GET /echo HTTP/1.1\r\nHost: x\r\n"
                + "Connection: keep-alive, X-Plex-Token, X-Custom-Hop\r\nX-Plex-Token: secret-user-token\r\n"
                + "X-Custom-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                + "Proxy-Connection: keep-alive\r\nProxy-Foo: bar\r\nTE: trailers\r\nTrailer: X-T\r\n"
                + "Upgrade: h2c\r\nX-Kept: yes\r\n\r\n");
        for (String gone : List.of("Connection", "X-Plex-Token", "X-Custom-Hop", "Keep-Alive", "Proxy-Authorization",
                "Proxy-Connection", "Proxy-Foo", "TE", "Trailer", "Upgrade", "Transfer-Encoding")) {
            assertThat(r.header(gone)).as(gone).isNull();
        }
        assertThat(r.header("X-Kept")).isEqualTo("yes");
    }

    @Test
    void hopByHopResponseHeadersNeverReachTheClient() throws Exception {
        h.pms.setExtraResponseHeaders(List.of(Map.entry("Connection", "X-Secret"), Map.entry("X-Secret", "1"),
                Map.entry("Keep-Alive", "timeout=99"), Map.entry("Proxy-Authenticate", "Basic"),
                Map.entry("Upgrade", "h2c"), Map.entry("Trailer", "X-T"), Map.entry("X-Plex-Protocol", "1.0")));
        try (RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            for (String gone : List.of("X-Secret", "Keep-Alive", "Proxy-Authenticate", "Upgrade", "Trailer")) {
                assertThat(r.header(gone)).as(gone).isNull();
            }
            assertThat(r.header("Connection")).isNull();
            assertThat(r.header("X-Plex-Protocol")).isEqualTo("1.0");
        } finally {
            h.pms.setExtraResponseHeaders(List.of());
        }
    }

    @Test
    void everyAnswerCarriesDoormansViaEntryAfterAnyFromPms() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().headers("Via")).containsExactly("1.1 doorman");
            h.pms.setExtraResponseHeaders(List.of(Map.entry("Via", "1.1 cdn-edge")));
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(String.join(", ", c.readResponse().headers("Via"))).isEqualTo("1.1 cdn-edge, 1.1 doorman");
        } finally {
            h.pms.setExtraResponseHeaders(List.of());
        }
        try (RawHttp c = h.connect()) {
            c.send("TRACE / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse local = c.readResponse();
            assertThat(local.status()).isEqualTo(501);
            assertThat(local.headers("Via")).containsExactly("1.1 doorman");
        }
    }

    @Test
    void forwardedHeadersFromTrustedLoopbackFrontendAreKeptAndExtended() throws Exception {
        RecordedRequest r = roundTrip(h, "GET /echo HTTP/1.1\r\nHost: media.example.com\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: media.example.com\r\n"
                + "X-Real-IP: 203.0.113.7\r\nCF-Connecting-IP: 203.0.113.7\r\n\r\n");
        assertThat(r.header("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(r.header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(r.header("X-Forwarded-Host")).isEqualTo("media.example.com");
        assertThat(r.header("X-Real-IP")).isEqualTo("203.0.113.7");
        assertThat(r.header("CF-Connecting-IP")).isEqualTo("203.0.113.7");
    }

    @Test
    void forwardedHeadersAreSetWhenTheFrontendSentNone() throws Exception {
        RecordedRequest r = roundTrip(h, "GET /echo HTTP/1.1\r\nHost: plex.home\r\n\r\n");
        assertThat(r.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(r.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(r.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(r.header("X-Forwarded-Host")).isEqualTo("plex.home");
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreOverwritten() throws Exception {
        try (ProxyHarness untrusting = ProxyHarness.start(b -> b.trustedProxies(Cidr.parseList("10.9.9.9/32")))) {
            RecordedRequest r = roundTrip(untrusting, "GET /echo HTTP/1.1\r\nHost: media.example.com\r\n"
                    + "X-Forwarded-For: 192.168.1.10\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n"
                    + "X-Real-IP: 192.168.1.10\r\nCF-Connecting-IP: 192.168.1.10\r\nForwarded: for=192.168.1.10\r\n\r\n");
            assertThat(r.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
            assertThat(r.header("X-Real-IP")).isEqualTo("127.0.0.1");
            assertThat(r.header("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(r.header("X-Forwarded-Host")).isEqualTo("media.example.com");
            assertThat(r.header("CF-Connecting-IP")).isNull();
            assertThat(r.header("Forwarded")).isNull();
        }
    }

    @Test
    void http10ClientGetsAnAnswerAndHostIsFilledIn() throws Exception {
        h.pms.clear();
        try (RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.0\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("MediaContainer");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(h.pms.lastRequest().header("Host")).isEqualTo(h.pms.baseUri().getRawAuthority());
    }
}
