package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.plex.PlexTokens;
import io.doorman.testkit.RawHttp;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine tells the sighting sink who each Plex client is, over real sockets, without leaving its fast path. */
class ProxyClientSightingsTest {

    record Seen(String clientIdentifier, String product, InetAddress client, boolean lan) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ClientSightingSink recorder = (id, product, client, lan) -> seen.add(new Seen(id, product, client, lan));

    private static void send(ProxyHarness h, String rawRequest) throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(rawRequest);
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void aSinkAloneKeepsThePassThroughFastPath() {
        ProxyHooks plain = ProxyHooks.passThrough(PlexTokens::redactTarget);
        assertThat(ProxyContext.passesThrough(plain.alsoTelling(recorder))).isTrue();
        assertThat(ProxyContext.passesThrough(new ProxyHooks(RequestPolicy.PASS_THROUGH, ResponsePolicy.STREAM_ALL,
                (request, attachment, outcome) -> { }, PlexTokens::redactTarget))).isFalse();
    }

    @Test
    void passThroughProxyRecordsEachNamedClientWithTheAddressItBelieved() throws Exception {
        ProxyHooks hooks = ProxyHooks.passThrough(PlexTokens::redactTarget).alsoTelling(recorder);
        try (ProxyHarness h = ProxyHarness.start(b -> b, hooks)) {
            // Loopback is a trusted frontend by default: its X-Forwarded-For names the client.
            send(h, "GET /identity HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.45\r\n"
                    + "X-Plex-Client-Identifier: c0ffee00-ios\r\nX-Plex-Product: Plex for iOS\r\n\r\n");
            send(h, "GET /identity?X-Plex-Client-Identifier=web-abc&X-Plex-Token=supersecret HTTP/1.1\r\nHost: x\r\n\r\n");
            send(h, "GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
            // Each exchange is recorded after its response is written, so the two may be told in either order.
            assertThat(seen).containsExactlyInAnyOrder(
                    new Seen("c0ffee00-ios", "Plex for iOS", InetAddress.getByName("203.0.113.45"), false),
                    new Seen("web-abc", null, InetAddress.getByName("127.0.0.1"), true));
            assertThat(seen.toString()).doesNotContain("supersecret");
        }
    }

    @Test
    void withAPolicyTheSinkGetsWhatTheClientSentNotWhatThePolicyForwarded() throws Exception {
        RequestPolicy rewrite = (head, body) -> CompletableFuture.completedFuture(new RequestDecision.Forward(
                "/identity", List.of(new Header("X-Plex-Client-Identifier", "rewritten")), null));
        ProxyHooks hooks = new ProxyHooks(rewrite, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE,
                PlexTokens::redactTarget).alsoTelling(recorder);
        try (ProxyHarness h = ProxyHarness.start(b -> b, hooks)) {
            send(h, "GET /identity?X-Plex-Client-Identifier=tv-1 HTTP/1.1\r\nHost: x\r\nX-Plex-Product: Plex for LG\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            assertThat(seen.get(0)).isEqualTo(new Seen("tv-1", "Plex for LG", InetAddress.getByName("127.0.0.1"), true));
            assertThat(h.pms.lastRequest().header("X-Plex-Client-Identifier")).isEqualTo("rewritten");
        }
    }

    @Test
    void sinksAddedOneAfterAnotherAreBothTold() throws Exception {
        List<String> second = new CopyOnWriteArrayList<>();
        ProxyHooks hooks = ProxyHooks.passThrough(PlexTokens::redactTarget).alsoTelling(recorder)
                .alsoTelling((id, product, client, lan) -> second.add(id));
        try (ProxyHarness h = ProxyHarness.start(b -> b, hooks)) {
            send(h, "GET /identity HTTP/1.1\r\nHost: x\r\nX-Plex-Client-Identifier: both\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1 && second.size() == 1);
            assertThat(second).containsExactly("both");
        }
    }
}
