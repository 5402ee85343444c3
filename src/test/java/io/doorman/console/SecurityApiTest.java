package io.doorman.console;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AbuseSettings;
import io.doorman.guard.BlockStateFile;
import io.doorman.guard.BlockStateWriter;
import io.doorman.plex.PlexTokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import io.doorman.store.AuditEvent;
import io.doorman.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security page's API: audit events and their history, the guard's blocks and Unblock. */
class SecurityApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "a-real-looking-plex-token";
    private static final String FP = PlexTokens.fingerprint(TOKEN);
    private static final String SRC = "203.0.113.9";
    private static final String SRC6 = "2001:db8::5";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:10Z"));
    private Store store;
    private final AbuseGuard guard = new AbuseGuard(new AbuseSettings(2, Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofMinutes(2)), clock);

    @BeforeEach
    void openStore() {
        store = Store.open(dir.resolve("store"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void record(String outcome, String tokenFp, String source, String method, String path) {
        store.audit().append(new AuditEvent(clock.instant(), outcome, tokenFp, source, method, path));
    }

    private ConsoleRouter router() {
        ConsoleRouter r = new ConsoleRouter(req -> null, new StaticFiles());
        new SecurityApi(store.audit(), clock, guard).routes(r);
        return r;
    }

    private static ApiResponse call(ConsoleRouter r, String method, String path, Map<String, String> query) {
        return r.handle(ConsoleOverSocket.request(method, path, query));
    }

    private static JsonNode json(ApiResponse r) {
        return ((ApiResponse.Json) r).body();
    }

    @Test
    void auditEventsNewestFirstFilteredByOutcome() {
        record("elevated_live_tv", FP, PlexTokens.fingerprint(SRC), "GET", "/livetv/dvrs?X-Plex-Token=" + TOKEN);
        clock.advance(Duration.ofSeconds(5));
        record("deny_missing_token", "missing", PlexTokens.fingerprint(SRC), "GET", "/media/providers");
        ConsoleRouter r = router();

        JsonNode all = json(call(r, "GET", "/api/audit", Map.of()));
        assertThat(all.get("events")).hasSize(2);
        JsonNode newest = all.get("events").get(0);
        assertThat(newest.get("outcome").asText()).isEqualTo("deny_missing_token");
        assertThat(newest.get("time").asText()).isEqualTo("2025-03-01T12:00:15Z");
        assertThat(newest.get("tokenFp").asText()).isEqualTo("missing");
        assertThat(newest.get("source").asText()).isEqualTo(PlexTokens.fingerprint(SRC));
        assertThat(newest.get("method").asText()).isEqualTo("GET");
        assertThat(newest.get("path").asText()).isEqualTo("/media/providers");

        JsonNode elevated = json(call(r, "GET", "/api/audit", Map.of("outcome", "elevated_live_tv", "limit", "5")));
        assertThat(elevated.get("events")).hasSize(1);
        assertThat(elevated.get("events").get(0).get("tokenFp").asText()).isEqualTo(FP);
        assertThat(json(call(r, "GET", "/api/audit", Map.of("limit", "1"))).get("events")).hasSize(1);
        assertThat(all.toString() + elevated).doesNotContain(TOKEN);
    }

    @Test
    void badQueriesAre400NamingTheField() {
        ConsoleRouter r = router();
        for (var q : java.util.List.of(Map.of("outcome", "nope"), Map.of("limit", "0"), Map.of("limit", "501"),
                Map.of("limit", "ten"))) {
            ApiResponse a = call(r, "GET", "/api/audit", q);
            assertThat(a.status()).as(q.toString()).isEqualTo(400);
            assertThat(json(a).get("field").asText()).isEqualTo(q.keySet().iterator().next());
            assertThat(json(a).get("error").asText()).isNotBlank();
        }
        ApiResponse h = call(r, "GET", "/api/audit/history", Map.of("minutes", "100000"));
        assertThat(h.status()).isEqualTo(400);
        assertThat(json(h).get("field").asText()).isEqualTo("minutes");
        assertThat(json(h).get("error").asText()).contains("1 to 1440");
    }

    @Test
    void historyHasOnePointPerMinute() {
        record("deny_unauthorized_token", FP, "s", "GET", "/");
        record("elevated_live_tv", FP, "s", "GET", "/");
        clock.advance(Duration.ofMinutes(1));
        record("blocked_bad_actor", FP, "s", "GET", "/");
        ConsoleRouter r = router();

        JsonNode points = json(call(r, "GET", "/api/audit/history", Map.of("minutes", "3"))).get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).toString()).isEqualTo("{\"t\":\"2025-03-01T11:59:00Z\",\"elevated\":0,\"denied\":0}");
        assertThat(points.get(1).toString()).isEqualTo("{\"t\":\"2025-03-01T12:00:00Z\",\"elevated\":1,\"denied\":1}");
        assertThat(points.get(2).toString()).isEqualTo("{\"t\":\"2025-03-01T12:01:00Z\",\"elevated\":0,\"denied\":1}");
        assertThat(json(call(r, "GET", "/api/audit/history", Map.of())).get("points")).hasSize(60);
    }

    @Test
    void blocksAndUnblockOverTheAdminListenerRewriteTheStateFile() throws Exception {
        BlockStateFile file = new BlockStateFile(dir.resolve("blocks.json"));
        try (BlockStateWriter writer = BlockStateWriter.attach(guard, file);
                ConsoleOverSocket console = new ConsoleOverSocket(new SecurityApi(store.audit(), clock, guard)::routes)) {
            guard.recordFailure(SRC, FP);
            guard.recordFailure(SRC, FP);
            clock.advance(Duration.ofSeconds(1));
            guard.recordFailure(SRC6, "missing");
            guard.recordFailure(SRC6, "missing");

            HttpResponse<String> list = console.call("GET", "/api/blocks");
            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode blocks = JSON.readTree(list.body()).get("blocks");
            assertThat(blocks).hasSize(2);
            assertThat(blocks.get(0).get("source").asText()).isEqualTo(SRC);
            assertThat(blocks.get(0).get("sourceFp").asText()).isEqualTo(PlexTokens.fingerprint(SRC));
            assertThat(blocks.get(0).get("until").asText()).isEqualTo("2025-03-01T12:30:10Z");
            assertThat(blocks.get(0).get("reason").asText()).contains("2 bad Live TV attempts within 5m");
            assertThat(list.body()).doesNotContain(TOKEN);

            HttpResponse<String> gone = console.call("DELETE", "/api/blocks/" + SRC);
            assertThat(gone.statusCode()).isEqualTo(204);
            assertThat(guard.isBlocked(SRC)).isFalse();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(file.path()))
                    .doesNotContain(SRC).contains(SRC6));

            HttpResponse<String> again = console.call("DELETE", "/api/blocks/" + SRC);
            assertThat(again.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(again.body()).get("error").asText()).contains("not blocked");

            // An IPv6 source by its fingerprint, as the audit events show sources.
            HttpResponse<String> byFp = console.call("DELETE", "/api/blocks/"
                    + URLEncoder.encode(PlexTokens.fingerprint(SRC6), StandardCharsets.UTF_8));
            assertThat(byFp.statusCode()).isEqualTo(204);
            assertThat(guard.blocks()).isEmpty();
            assertThat(JSON.readTree(console.call("GET", "/api/blocks").body()).get("blocks")).isEmpty();

            console.signedIn = false;
            assertThat(console.call("GET", "/api/audit").statusCode()).isEqualTo(401);
            assertThat(console.call("GET", "/api/blocks").statusCode()).isEqualTo(401);
            assertThat(console.call("DELETE", "/api/blocks/" + SRC6).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void anIpv6SourceUnblocksByItsAddressToo() {
        guard.recordFailure(SRC6, FP);
        guard.recordFailure(SRC6, FP);
        ApiResponse r = call(router(), "DELETE", "/api/blocks/" + SRC6, Map.of());
        assertThat(r.status()).isEqualTo(204);
        assertThat(guard.isBlocked(SRC6)).isFalse();
    }

    @Test
    void withoutAGuardThereAreNoBlocks() {
        ConsoleRouter r = new ConsoleRouter(req -> null, new StaticFiles());
        new SecurityApi(store.audit(), clock, null).routes(r);
        assertThat(json(call(r, "GET", "/api/blocks", Map.of())).get("blocks")).isEmpty();
        assertThat(call(r, "DELETE", "/api/blocks/" + SRC, Map.of()).status()).isEqualTo(404);
    }
}
