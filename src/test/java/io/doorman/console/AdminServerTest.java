package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FreePorts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(AdminServer admin, String path) throws Exception {
        URI u = URI.create("http://127.0.0.1:" + admin.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> viaProxy(ProxyServer p, String path) throws Exception {
        URI u = URI.create("http://127.0.0.1:" + p.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (FakePms pms = FakePms.start()) {
            Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri()).build();
            ProxyServer proxy = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget), registry).start();
            try (AdminServer admin = new AdminServer(new HostPort("127.0.0.1", 0), registry, proxy).start()) {
                assertThat(get(admin, "/healthz").statusCode()).isEqualTo(200);
                HttpResponse<String> ready = get(admin, "/readyz");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).isEqualTo("ready\n");

                assertThat(viaProxy(proxy, "/identity?X-Plex-Token=supersecret").statusCode()).isEqualTo(200);
                assertThat(viaProxy(proxy, "/nope").statusCode()).isEqualTo(404);
                // An exchange is counted once its last byte is written, which may be just after the client has it.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(admin, "/metrics").body())
                        .contains("doorman_requests_total{status=\"2xx\"} 1.0")
                        .contains("doorman_requests_total{status=\"4xx\"} 1.0"));
                HttpResponse<String> m = get(admin, "/metrics");
                assertThat(m.statusCode()).isEqualTo(200);
                assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
                assertThat(m.body())
                        .contains("doorman_requests_total{status=\"2xx\"} 1.0")
                        .contains("doorman_requests_total{status=\"4xx\"} 1.0")
                        .contains("doorman_response_bytes_total")
                        .contains("doorman_connections_active")
                        .contains("doorman_upstream_pool_connections{state=\"idle\"}")
                        .contains("doorman_request_duration_seconds_bucket")
                        .doesNotContain("supersecret");
                assertThat(get(admin, "/other").statusCode()).isEqualTo(404);
            } finally {
                proxy.shutdown(java.time.Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void clientsShowsTheAddressDoormanBelievedForEachPlexClient() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        io.doorman.guard.ClientSightings sightings = new io.doorman.guard.ClientSightings(java.time.Clock.systemUTC());
        try (FakePms pms = FakePms.start()) {
            Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0)).upstream(pms.baseUri()).build();
            ProxyServer proxy = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget)
                    .alsoTelling(sightings), registry).start();
            try (AdminServer admin = new AdminServer(new HostPort("127.0.0.1", 0), registry, proxy, sightings).start()) {
                // Through a trusted loopback frontend: the forwarded address is the client's.
                URI u = URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/identity");
                http.send(HttpRequest.newBuilder(u).header("X-Forwarded-For", "203.0.113.45")
                        .header("X-Plex-Client-Identifier", "c0ffee00-ios").header("X-Plex-Product", "Plex for iOS")
                        .build(), HttpResponse.BodyHandlers.discarding());
                viaProxy(proxy, "/identity?X-Plex-Client-Identifier=web-abc&X-Plex-Token=supersecret");
                viaProxy(proxy, "/identity?X-Plex-Client-Identifier=%3Cscript%3E");
                await().atMost(Duration.ofSeconds(10)).until(() -> sightings.recent().size() == 2);
                HttpResponse<String> r = get(admin, "/clients");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                var clients = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("clients");
                assertThat(clients).hasSize(2);
                assertThat(clients.get(0).get("clientIdentifier").asText()).isEqualTo("web-abc");
                assertThat(clients.get(0).get("address").asText()).isEqualTo("127.0.0.1");
                assertThat(clients.get(0).get("lan").asBoolean()).isTrue();
                assertThat(clients.get(1).get("clientIdentifier").asText()).isEqualTo("c0ffee00-ios");
                assertThat(clients.get(1).get("address").asText()).isEqualTo("203.0.113.45");
                assertThat(clients.get(1).get("lan").asBoolean()).isFalse();
                assertThat(clients.get(1).get("product").asText()).isEqualTo("Plex for iOS");
                assertThat(java.time.Instant.parse(clients.get(1).get("lastSeen").asText())).isNotNull();
                assertThat(r.body()).doesNotContain("supersecret").doesNotContain("script");
            } finally {
                proxy.shutdown(java.time.Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void notReadyWhenPmsIsDown() throws Exception {
        int deadPort = FreePorts.next();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Settings s = new Settings.Builder().listen(new HostPort("127.0.0.1", 0))
                .upstream(URI.create("http://127.0.0.1:" + deadPort)).build();
        ProxyServer proxy = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget), registry).start();
        try (AdminServer admin = new AdminServer(new HostPort("127.0.0.1", 0), registry, proxy).start()) {
            HttpResponse<String> r = get(admin, "/readyz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).startsWith("not ready: upstream http://127.0.0.1:" + deadPort + " unreachable");
            assertThat(get(admin, "/healthz").statusCode()).isEqualTo(200);
        } finally {
            proxy.shutdown(java.time.Duration.ofSeconds(1));
        }
    }

    @Test
    void adminPortInUseIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            AdminServer a = new AdminServer(new HostPort("127.0.0.1", taken.getLocalPort()),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null);
            org.assertj.core.api.Assertions.assertThatThrownBy(a::start)
                    .hasMessage("cannot listen on admin address 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use");
        }
    }
}
