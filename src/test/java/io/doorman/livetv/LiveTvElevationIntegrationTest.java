package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Secret;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Owner-token elevation through the real proxy against a fake PMS that knows the owner and one shared user. */
class LiveTvElevationIntegrationTest {

    static final String OWNER = "owner-token-AAAA1111";
    static final String SHARED = "shared-user-BBBB2222";
    static final String STRANGER = "stranger-CCCC3333";

    FakePms pms;
    ProxyServer proxy;
    final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pms = FakePms.start();
        pms.addToken(OWNER);
        pms.addToken(SHARED);
        LiveTvSettings lt = LiveTvSettings.disabled().withToken(new Secret(OWNER)).withOwnerToken(new Secret(OWNER))
                .withElevateLiveTv(true).withAbuseBlockThreshold(3);
        LiveTvElevationPolicy policy = LiveTvTestProxies.policy(lt, pms, lines::add, null, null, null);
        proxy = LiveTvTestProxies.start(pms, policy, ResponsePolicy.STREAM_ALL);
    }

    @AfterEach
    void stop() {
        proxy.shutdown(Duration.ofSeconds(1));
        pms.close();
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(OWNER).doesNotContain(SHARED).doesNotContain(STRANGER);
    }

    private RawResponse get(String target, String... headers) throws Exception {
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: media.example.com\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            c.send(sb.append("\r\n").toString());
            return c.readResponse();
        }
    }

    private List<String> audit(String outcome) {
        return lines.stream().filter(l -> l.startsWith("plexlabelproxy_audit: outcome=" + outcome + " ")).toList();
    }

    @Test
    void sharedUserBorrowsTheOwnerTokenOnlyForLiveTv() throws Exception {
        RawResponse r = get("/livetv/dvrs?X-Plex-Token=" + SHARED, "X-Plex-Token: " + SHARED);
        RecordedRequest seen = pms.lastRequest();
        assertThat(seen.path()).isEqualTo("/livetv/dvrs");
        assertThat(seen.queryParam("X-Plex-Token")).isEqualTo(OWNER);
        assertThat(seen.headers("X-Plex-Token")).containsExactly(OWNER);
        assertThat(r.bodyText() + r.headers()).doesNotContain(OWNER);
        assertThat(audit("elevated_live_tv")).hasSize(1).first().asString()
                .contains("method=GET path=/livetv/dvrs live_tv=true discovery=true stream=false remote=127.0.0.1")
                .contains("token_fp=" + PlexTokens.fingerprint(SHARED));

        get("/library/sections?X-Plex-Token=" + SHARED);
        assertThat(pms.lastRequest().queryParam("X-Plex-Token")).as("libraries stay the user's").isEqualTo(SHARED);
        get("/library/sections?x=/livetv/dvrs&X-Plex-Token=" + SHARED);
        assertThat(pms.lastRequest().queryParam("X-Plex-Token")).as("bait is not evidence").isEqualTo(SHARED);
        assertThat(audit("elevated_live_tv")).hasSize(1);
    }

    @Test
    void strangersAndMissingTokensAreDeniedThenBlocked() throws Exception {
        get("/livetv/dvrs");
        assertThat(audit("deny_missing_token")).hasSize(1);
        assertThat(pms.lastRequest().queryParam("X-Plex-Token")).as("denied requests still pass").isNull();

        get("/livetv/dvrs?X-Plex-Token=" + STRANGER);
        assertThat(pms.lastRequest().queryParam("X-Plex-Token")).isEqualTo(STRANGER);
        assertThat(audit("deny_unauthorized_token")).hasSize(1).first().asString().contains("auth_cache_hit=false");

        get("/livetv/dvrs?X-Plex-Token=" + STRANGER);
        assertThat(audit("deny_auth_cooldown")).as("PMS not asked again").hasSize(1);
        assertThat(audit("bad_actor_blocked")).as("third failure reaches the threshold of 3").hasSize(1).first()
                .asString().contains("failures=3 window=5m0s blocked_for=30m0s");

        int before = pms.requests().size();
        RawResponse blocked = get("/livetv/dvrs?X-Plex-Token=" + STRANGER);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.bodyText()).isEqualTo("too many unauthorized requests\n");
        assertThat(audit("blocked_bad_actor")).hasSize(1);
        assertThat(pms.requests()).as("a blocked request never reaches PMS").hasSize(before);

        assertThat(get("/library/sections?X-Plex-Token=" + SHARED).status()).as("library requests are never blocked")
                .isEqualTo(200);
        get("/livetv/dvrs?X-Plex-Token=" + SHARED);
        assertThat(pms.lastRequest().queryParam("X-Plex-Token")).as("a verified token still passes a block")
                .isEqualTo(OWNER);
    }

    @Test
    void aHopByHopTokenHeaderIsNoCredentialAndNeverReachesPms() throws Exception {
        get("/livetv/dvrs", "Connection: X-Plex-Token", "X-Plex-Token: " + SHARED);
        assertThat(audit("deny_missing_token")).hasSize(1);
        assertThat(pms.lastRequest().header("X-Plex-Token")).isNull();
    }

    @Test
    void theOwnerTokenIsAlwaysAllowedAndAccessLinesFollowLiveTvRequests() throws Exception {
        get("/media/providers?X-Plex-Token=" + OWNER);
        assertThat(audit("elevated_live_tv")).hasSize(1);
        assertThat(pms.requests().stream().filter(r -> r.path().equals("/library/sections"))).as("owner is never checked")
                .isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> lines.stream().anyMatch(l -> l.startsWith("plexlabelproxy_access: phase=done")));
        assertThat(lines).anyMatch(l -> l.startsWith("plexlabelproxy_access: phase=start method=GET path=/media/providers"
                + " query_keys=\"\" live_tv=true"));
        assertThat(lines).anyMatch(l -> l.startsWith("plexlabelproxy_access: phase=done method=GET path=/media/providers status=200"));
    }

    @Test
    void aTrustedCfConnectingIpIsReportedPresentEvenWhenXffChoosesTheSource() throws Exception {
        get("/livetv/dvrs?X-Plex-Token=" + SHARED, "X-Forwarded-For: 203.0.113.5", "CF-Connecting-IP: 198.51.100.9");
        String fields = "remote=127.0.0.1 source=" + PlexTokens.fingerprint("203.0.113.5")
                + " forwarded_for_count=1 cf_connecting_ip=true";
        assertThat(audit("elevated_live_tv")).hasSize(1).first().asString().contains(fields);
        assertThat(lines).anyMatch(l -> l.startsWith("plexlabelproxy_access: phase=start") && l.contains(fields));

        get("/livetv/dvrs?X-Plex-Token=" + SHARED, "X-Forwarded-For: 203.0.113.5");
        assertThat(audit("elevated_live_tv")).hasSize(2).last().asString().contains("cf_connecting_ip=false");
    }

    @Test
    void generatedNonAllowlistedRequestsWithAVerifiedTokenAreNeverElevated() throws Exception {
        java.util.Random r = new java.util.Random(4242);
        List<String> paths = List.of("/library/sections", "/library/metadata/9", "/hubs/search", "/:/timeline",
                "/status/sessions", "/LiveTV/dvrs", "/%6civetv/dvrs", "/media/%70roviders", "/livetv",
                "/media/subscription", "/playqueues", "/identityx", "/photo/:/transcode", "/video/:/transcodex/x");
        List<String> methods = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
        List<String> bait = List.of("%2Flivetv%2Fdvrs", "%252Flivetv%252Fsessions", "tv.plex.xmltv%3A%2F%2F1",
                "tv.plex.providers.epg.xmltv%3A135", "/livetv/x");
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            for (int i = 0; i < 400; i++) {
                String method = methods.get(r.nextInt(methods.size()));
                String b = bait.get(r.nextInt(bait.size()));
                String target = paths.get(r.nextInt(paths.size())) + "?path=" + b + "&uri=" + b + "&guid=" + b
                        + "&X-Plex-Token=" + SHARED;
                String body = "uri=" + b + "&hints%5BratingKey%5D=" + b;
                c.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\nReferer: https://x/#!/livetv/guide\r\n"
                        + "X-Forwarded-Uri: " + b + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                RawResponse resp = c.readResponse(method.equals("HEAD"));
                assertThat(resp.status()).isLessThan(500);
            }
        }
        assertThat(pms.requests()).hasSize(400)
                .allSatisfy(q -> assertThat(q.queryParam("X-Plex-Token")).isEqualTo(SHARED))
                .allSatisfy(q -> assertThat(q.headers("X-Plex-Token")).doesNotContain(OWNER));
        assertThat(audit("elevated_live_tv")).isEmpty();
    }
}
