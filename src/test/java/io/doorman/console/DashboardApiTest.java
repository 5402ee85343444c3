package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.config.LockdownSettings;
import io.doorman.config.Secret;
import io.doorman.guard.ClientSightings;
import io.doorman.plex.PmsClient;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FakeSessions.Session;
import io.doorman.testkit.FreePorts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard against the fake PMS: sessions beside Doorman's view, and the live event stream over a socket. */
class DashboardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "owner-token-9d2e41";
    private static final DashboardApi.Intervals FAST = new DashboardApi.Intervals(Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(250), Duration.ofHours(1));

    private FakePms pms;
    private final ClientSightings sightings = new ClientSightings(Clock.systemUTC());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private volatile Secret token = new Secret(OWNER);

    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        pms.ownerToken(OWNER);
        pms.addToken(OWNER);
        pms.sessions(List.of(Session.wan("Alice iPhone", "c0ffee00-ios", "203.0.113.45"),
                Session.lan("Chrome", "web-abc", "192.168.1.40"),
                Session.wan("Living room TV", "tv-unseen", "198.51.100.3")));
        sightings.sighted("c0ffee00-ios", "Plex for iOS", InetAddress.getByName("203.0.113.45"), false);
        // Doorman saw this one arrive from outside, yet PMS counts it as Local: the case the warning is for.
        sightings.sighted("web-abc", "Plex Web", InetAddress.getByName("203.0.113.77"), false);
    }

    @AfterEach
    void stop() {
        pms.close();
    }

    private DashboardApi api(URI pmsUrl, DashboardApi.Intervals intervals) {
        return new DashboardApi(new PmsClient(pmsUrl, HttpClient.newHttpClient()), pmsUrl, () -> token,
                Duration.ofSeconds(5), sightings, registry, LockdownSettings.defaults(), intervals);
    }

    private static ConsoleRouter router(DashboardApi api) {
        ConsoleRouter r = new ConsoleRouter(req -> null, new StaticFiles());
        api.routes(r);
        return r;
    }

    private static ApiResponse.Json get(ConsoleRouter r, String path) {
        return (ApiResponse.Json) r.handle(ConsoleOverSocket.request("GET", path, Map.of()));
    }

    /** The session PMS reports from this player address. */
    private static JsonNode from(JsonNode sessions, String address) {
        for (JsonNode s : sessions) {
            if (s.at("/plex/address").asText().equals(address)) {
                return s;
            }
        }
        throw new AssertionError("no session from " + address + " in " + sessions);
    }

    @Test
    void sessionsShowPlexsViewBesideDoormansAndFlagLocalFromOutside() {
        ApiResponse.Json r = get(router(api(pms.baseUri(), FAST)), "/api/sessions");
        assertThat(r.status()).isEqualTo(200);
        JsonNode sessions = r.body().get("sessions");
        assertThat(sessions).hasSize(3);

        JsonNode remote = from(sessions, "203.0.113.45");
        assertThat(remote.get("title").asText()).isEqualTo("Pilot");
        assertThat(remote.get("user").asText()).isEqualTo("owner");
        assertThat(remote.at("/plex/location").asText()).isEqualTo("wan");
        assertThat(remote.at("/plex/local").asBoolean()).isFalse();
        assertThat(remote.at("/plex/relayed").asBoolean()).isFalse();
        assertThat(remote.at("/plex/address").asText()).isEqualTo("203.0.113.45");
        assertThat(remote.at("/doorman/forwardedAddress").asText()).isEqualTo("203.0.113.45");
        assertThat(remote.at("/doorman/inLanNetworks").asBoolean()).isFalse();
        assertThat(remote.get("warning").isNull()).isTrue();
        assertThat(remote.get("bandwidthKbps").asInt()).as("the fake's Session@bandwidth").isEqualTo(9200);
        assertThat(remote.at("/plex/secure").asBoolean()).isTrue();

        JsonNode flagged = from(sessions, "192.168.1.40");
        assertThat(flagged.at("/plex/location").asText()).isEqualTo("lan");
        assertThat(flagged.at("/doorman/forwardedAddress").asText()).isEqualTo("203.0.113.77");
        assertThat(flagged.get("warning").asText()).contains("PMS counts as Local what arrived from outside the LAN")
                .contains("203.0.113.77");

        JsonNode unseen = from(sessions, "198.51.100.3");
        assertThat(unseen.get("doorman").isNull()).as(unseen.toString()).isTrue();
        assertThat(unseen.get("warning").isNull()).isTrue();
        assertThat(r.body().toString()).doesNotContain(OWNER);
    }

    @Test
    void pmsUnreachableIsA502SayingSo() throws Exception {
        int dead = FreePorts.next();
        ConsoleRouter r = router(api(URI.create("http://127.0.0.1:" + dead), FAST));
        ApiResponse.Json sessions = get(r, "/api/sessions");
        assertThat(sessions.status()).isEqualTo(502);
        assertThat(sessions.body().get("error").asText()).startsWith("cannot reach PMS at http://127.0.0.1:" + dead);

        token = new Secret("");
        ApiResponse.Json noToken = get(router(api(pms.baseUri(), FAST)), "/api/sessions");
        assertThat(noToken.status()).isEqualTo(503);
        assertThat(noToken.body().get("error").asText()).contains("no owner token");

        token = new Secret("not-the-owner");
        ApiResponse.Json refused = get(router(api(pms.baseUri(), FAST)), "/api/sessions");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body().get("error").asText()).contains("refused the token").doesNotContain("not-the-owner");
    }

    @Test
    void driftIsThePrefsPolicyAgainstPms() throws Exception {
        DashboardApi api = api(pms.baseUri(), FAST);
        JsonNode drifted = api.drift();
        assertThat(drifted.get("status").asText()).isEqualTo("drift");
        assertThat(drifted.get("details").toString()).contains("RelayEnabled is").contains("wanted 0")
                .contains("ManualPortMappingPort not checked: no public URL");

        pms.pref("RelayEnabled", "0");
        pms.pref("ManualPortMappingMode", "1");
        JsonNode ok = api.drift();
        assertThat(ok.get("status").asText()).isEqualTo("ok");
        assertThat(ok.get("details").toString()).doesNotContain("RelayEnabled");

        int dead = FreePorts.next();
        JsonNode unknown = api(URI.create("http://127.0.0.1:" + dead), FAST).drift();
        assertThat(unknown.get("status").asText()).isEqualTo("unknown");
        assertThat(unknown.get("details").get(0).asText()).startsWith("cannot reach PMS at");
        token = new Secret("");
        assertThat(api.drift().get("status").asText()).isEqualTo("unknown");
    }

    @Test
    void eventsStreamTrafficSessionsAndDriftOverTheAdminListener() throws Exception {
        Counter requests = Counter.builder("doorman.requests").tag("status", "2xx").register(registry);
        try (ConsoleOverSocket console = new ConsoleOverSocket(api(pms.baseUri(), FAST)::routes);
                ConsoleOverSocket.Stream events = console.stream("GET", "/api/events")) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(events.lines).contains("HTTP/1.1 200 OK", ": keep-alive");
                assertThat(events.events("traffic")).isNotEmpty();
                assertThat(events.events("sessions")).isNotEmpty();
                assertThat(events.events("drift")).isNotEmpty();
            });
            assertThat(events.lines).anyMatch(l -> l.toLowerCase().startsWith("content-type: text/event-stream"));
            JsonNode sessions = JSON.readTree(events.events("sessions").get(0));
            assertThat(from(sessions.get("sessions"), "192.168.1.40").get("warning").asText()).contains("PMS counts as Local");
            assertThat(JSON.readTree(events.events("drift").get(0)).get("status").asText()).isEqualTo("drift");
            JsonNode traffic = JSON.readTree(events.events("traffic").get(0));
            assertThat(traffic.fieldNames()).toIterable().contains("t", "requestsPerSecond", "bytesPerSecond",
                    "errorsPerSecond");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                requests.increment(10);
                assertThat(events.events("traffic")).anyMatch(d -> d.contains("\"requestsPerSecond\":")
                        && !d.contains("\"requestsPerSecond\":0.0"));
            });
            assertThat(String.join("\n", events.lines)).doesNotContain(OWNER);
        }
    }

    @Test
    void theStreamEndsByItselfAfterItsMaximumTime() throws Exception {
        DashboardApi.Intervals shortLived = new DashboardApi.Intervals(Duration.ofMillis(100), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofMillis(250), Duration.ofMillis(700));
        try (ConsoleOverSocket console = new ConsoleOverSocket(api(pms.baseUri(), shortLived)::routes);
                ConsoleOverSocket.Stream events = console.stream("GET", "/api/events")) {
            await().atMost(Duration.ofSeconds(20)).until(events::ended);
            assertThat(events.events("traffic")).isNotEmpty();
            assertThat(events.lines).contains("0");
        }
    }

    @Test
    void withoutASessionTheDashboardIs401() throws Exception {
        try (ConsoleOverSocket console = new ConsoleOverSocket(api(pms.baseUri(), FAST)::routes)) {
            console.signedIn = false;
            HttpResponse<String> r = console.call("GET", "/api/sessions");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(console.call("GET", "/api/events").statusCode()).isEqualTo(401);
            console.signedIn = true;
            assertThat(console.call("GET", "/api/sessions").statusCode()).isEqualTo(200);
        }
    }
}
