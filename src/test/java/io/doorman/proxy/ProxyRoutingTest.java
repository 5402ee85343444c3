package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.plex.PlexTokens;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several PMS behind one listener, by {@code Host}, over real sockets: routing, 404 for strangers, Plex Mode forwarding, reload. */
class ProxyRoutingTest {

    private FakePms living;
    private FakePms cabin;
    private ProxyServer proxy;
    private final List<RequestHead> seenByPolicy = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        living = FakePms.start();
        cabin = FakePms.start();
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(living.baseUri())
                .adminListen(null).ioThreads(2).build();
        proxy = new ProxyServer(s, table(route("living", living, Route.Forwarding.SINGLE), route("cabin", cabin,
                Route.Forwarding.SINGLE)), ProxyHooks.passThrough(PlexTokens::redactTarget),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
    }

    @AfterEach
    void stop() {
        proxy.shutdown(Duration.ofSeconds(1));
        living.close();
        cabin.close();
    }

    private static Route route(String name, FakePms pms, Route.Forwarding forwarding) {
        return new Route(name, pms.baseUri(), false, forwarding, true, name);
    }

    /** living at media.example.com (and plex.home), cabin at cabin.example.com. */
    private static RouteTable table(Route livingRoute, Route cabinRoute) {
        return RouteTable.byHost(Map.of("media.example.com", livingRoute, "plex.home", livingRoute,
                "cabin.example.com", cabinRoute));
    }

    private RawResponse get(String host, String target, String... headers) throws Exception {
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
            if (host != null) {
                b.append("Host: ").append(host).append("\r\n");
            }
            for (String h : headers) {
                b.append(h).append("\r\n");
            }
            c.send(b.append("Connection: close\r\n\r\n").toString());
            return c.readResponse();
        }
    }

    @Test
    void eachHostReachesItsOwnPms() throws Exception {
        assertThat(get("media.example.com", "/identity").status()).isEqualTo(200);
        assertThat(get("CABIN.example.com:443", "/identity").status()).isEqualTo(200);
        assertThat(get("plex.home.", "/identity?x=1").status()).isEqualTo(200);
        assertThat(living.requests()).extracting(RecordedRequest::path).containsExactly("/identity", "/identity");
        assertThat(cabin.requests()).extracting(RecordedRequest::path).containsExactly("/identity");
        assertThat(cabin.lastRequest().header("Host")).isEqualTo("CABIN.example.com:443");
    }

    @Test
    void anUnknownOrMissingHostIsAnsweredHereAndReachesNoPms() throws Exception {
        RawResponse r = get("evil.example.net", "/library/sections?X-Plex-Token=t0ken");
        assertThat(r.status()).isEqualTo(404);
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            c.send("GET /identity HTTP/1.0\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(404);
        }
        assertThat(living.requests()).isEmpty();
        assertThat(cabin.requests()).isEmpty();
    }

    @Test
    void oneKeepAliveConnectionMayAskSeveralHosts() throws Exception {
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            c.send("GET /identity HTTP/1.1\r\nHost: media.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            c.send("GET /identity HTTP/1.1\r\nHost: cabin.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            c.send("GET /identity HTTP/1.1\r\nHost: nobody.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(404);
            c.send("GET /identity HTTP/1.1\r\nHost: media.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
        assertThat(living.requests()).hasSize(2);
        assertThat(cabin.requests()).hasSize(1);
    }

    @Test
    void plexModeSendsPmsOneForwardedAddressTheResolvedClient() throws Exception {
        // Loopback is a trusted proxy by default: its X-Forwarded-For names the client.
        get("media.example.com", "/identity", "X-Forwarded-For: 10.9.9.9, 203.0.113.45", "X-Forwarded-Proto: https",
                "X-Real-IP: 10.9.9.9");
        RecordedRequest r = living.lastRequest();
        assertThat(r.headers("X-Forwarded-For")).containsExactly("203.0.113.45");
        assertThat(r.header("X-Real-IP")).isEqualTo("203.0.113.45");
        assertThat(r.header("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void withoutAFrontendThePeerItselfIsTheOneAddress() throws Exception {
        get("media.example.com", "/identity");
        RecordedRequest r = living.lastRequest();
        assertThat(r.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(r.header("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void appendModeKeepsTheGoToolsList() throws Exception {
        proxy.replaceRoutes(table(route("living", living, Route.Forwarding.APPEND), route("cabin", cabin,
                Route.Forwarding.SINGLE)));
        get("media.example.com", "/identity", "X-Forwarded-For: 203.0.113.45");
        assertThat(living.lastRequest().header("X-Forwarded-For")).isEqualTo("203.0.113.45, 127.0.0.1");
    }

    @Test
    void forwardingOffSendsNoClientAddress() throws Exception {
        proxy.replaceRoutes(table(route("living", living, Route.Forwarding.NONE), route("cabin", cabin,
                Route.Forwarding.SINGLE)));
        get("media.example.com", "/identity", "X-Forwarded-For: 203.0.113.45", "X-Real-IP: 203.0.113.45");
        assertThat(living.lastRequest().header("X-Forwarded-For")).isNull();
        assertThat(living.lastRequest().header("X-Real-IP")).isNull();
    }

    @Test
    void aHostWithWebSocketsOffRefusesTheUpgrade() throws Exception {
        proxy.replaceRoutes(table(new Route("living", living.baseUri(), false, Route.Forwarding.SINGLE, false, null),
                route("cabin", cabin, Route.Forwarding.SINGLE)));
        RawResponse r = get("media.example.com", "/:/websockets/notifications", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");
        assertThat(r.status()).isEqualTo(403);
        assertThat(living.requests()).isEmpty();
    }

    @Test
    void aReloadTakesEffectForTheNextRequestWithoutCuttingAStream() throws Exception {
        long size = 8L * 1024 * 1024;
        try (RawHttp streaming = RawHttp.connect(proxy.address())) {
            streaming.send("GET /slow-body/" + size + "/4 HTTP/1.1\r\nHost: media.example.com\r\nConnection: close\r\n\r\n");
            RawResponse head = streaming.readHead();
            assertThat(head.status()).isEqualTo(200);
            // cabin.example.com now goes to the living-room PMS too; media.example.com is gone.
            Route livingRoute = route("living", living, Route.Forwarding.SINGLE);
            proxy.replaceRoutes(RouteTable.byHost(Map.of("cabin.example.com", livingRoute)));
            assertThat(get("media.example.com", "/identity").status()).isEqualTo(404);
            int before = living.requests().size();
            assertThat(get("cabin.example.com", "/identity").status()).isEqualTo(200);
            assertThat(living.requests()).hasSize(before + 1);
            InputStream body = streaming.in();
            FakePms.verifyPattern(body, 0, size);
        }
        assertThat(cabin.requests()).isEmpty();
    }

    @Test
    void thePolicySeesTheRouteItsRequestTook() throws Exception {
        proxy.shutdown(Duration.ofSeconds(1));
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(living.baseUri())
                .adminListen(null).ioThreads(1).build();
        RequestPolicy recording = (head, body) -> {
            seenByPolicy.add(head);
            return java.util.concurrent.CompletableFuture.completedFuture(RequestDecision.FORWARD);
        };
        proxy = new ProxyServer(s, table(route("living", living, Route.Forwarding.SINGLE), route("cabin", cabin,
                Route.Forwarding.SINGLE)), new ProxyHooks(recording, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE,
                PlexTokens::redactTarget), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
        get("cabin.example.com", "/identity");
        assertThat(seenByPolicy).hasSize(1);
        assertThat(seenByPolicy.get(0).route().policyTag()).isEqualTo("cabin");
    }

    @Test
    void hostNamesAreMatchedWithoutCasePortOrTrailingDot() {
        assertThat(RouteTable.normalized("Media.Example.COM:8443")).isEqualTo("media.example.com");
        assertThat(RouteTable.normalized("media.example.com.")).isEqualTo("media.example.com");
        assertThat(RouteTable.normalized("[::1]:33240")).isEqualTo("[::1]");
        assertThat(RouteTable.normalized("[::1]")).isEqualTo("[::1]");
    }
}
