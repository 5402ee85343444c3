package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Secret;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.ResponsePolicy;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RecordedRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code -neutralize-owner-history} through the real proxy: tracked playback reports, follow-ups, token recovery. */
class LiveTvOwnerHistoryIntegrationTest {

    static final String OWNER = "owner-token-AAAA1111";
    static final String SHARED = "shared-user-BBBB2222";
    static final String OTHER = "other-user-DDDD4444";
    static final String FROM_A = "X-Forwarded-For: 203.0.113.5";
    static final String FROM_B = "X-Forwarded-For: 198.51.100.7";
    static final String TUNE = "/livetv/dvrs/2/channels/5/tune?X-Plex-Token=" + SHARED + "&X-Plex-Client-Identifier=dev1";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final LiveTvSettings ON = LiveTvSettings.disabled().withToken(new Secret(OWNER))
            .withOwnerToken(new Secret(OWNER)).withElevateLiveTv(true).withNeutralizeOwnerHistory(true);

    FakePms pms;
    ProxyServer proxy;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final AtomicInteger seq = new AtomicInteger();

    @BeforeEach
    void startPms() {
        pms = FakePms.start();
        pms.addToken(OWNER);
        pms.addToken(SHARED);
        pms.addToken(OTHER);
        pms.ownerToken(OWNER);
    }

    void startProxy(LiveTvSettings lt, boolean history) throws Exception {
        LiveTvElevationPolicy policy = LiveTvTestProxies.policy(lt, pms, lines::add, null,
                history ? new OwnerHistory(OwnerHistory.DEFAULT_MAX_KEYS, System::currentTimeMillis) : null,
                history ? new PlaybackFollowUps(new PmsClient(pms.baseUri(), HttpClient.newHttpClient()), OWNER,
                        PlaybackFollowUps.DEFAULT_MAX_IN_FLIGHT, lines::add) : null);
        proxy = LiveTvTestProxies.start(pms, policy, ResponsePolicy.STREAM_ALL);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.shutdown(Duration.ofSeconds(1));
        }
        pms.close();
        assertThat(lines).isNotEmpty();
        assertThat(String.join("\n", lines)).doesNotContain(OWNER).doesNotContain(SHARED).doesNotContain(OTHER);
    }

    /** Sends one request through the proxy (tagged {@code time=N}) and returns the copy PMS got from it. */
    private RecordedRequest via(String method, String target, String... headers) throws Exception {
        String n = Integer.toString(seq.incrementAndGet());
        try (RawHttp c = RawHttp.connect(proxy.address())) {
            StringBuilder sb = new StringBuilder(method + " " + target + (target.contains("?") ? "&" : "?") + "time=" + n
                    + " HTTP/1.1\r\nHost: media.example.com\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            c.send(sb.append(method.equals("POST") ? "Content-Length: 0\r\n\r\n" : "\r\n").toString());
            assertThat(c.readResponse().status()).isLessThan(500);
        }
        // The client's own request reaches PMS first; a background replay of it (same query) only afterwards.
        return pms.awaitRequest(r -> n.equals(r.queryParam("time")), WAIT);
    }

    private RecordedRequest timeline(String client, String token, String... headers) throws Exception {
        return via("GET", "/:/timeline?ratingKey=77&state=playing&X-Plex-Client-Identifier=" + client
                + "&X-Plex-Token=" + token, headers);
    }

    private static void carries(RecordedRequest r, String token) {
        assertThat(r.queryParam("X-Plex-Token")).as("query token of %s", r).isEqualTo(token);
        if (token.equals(OWNER)) {
            assertThat(r.headers("X-Plex-Token")).as("header token of %s", r).containsExactly(OWNER);
        } else { // the client's header, if it sent one, passes as it came
            assertThat(r.headers("X-Plex-Token")).as("header token of %s", r).allMatch(token::equals);
        }
    }

    private List<String> with(String prefix, String outcome) {
        return lines.stream().filter(l -> l.startsWith(prefix + " outcome=" + outcome + " ")).toList();
    }

    private List<String> playback(String outcome) {
        return with("plexlabelproxy_playback:", outcome);
    }

    private List<String> audit(String outcome) {
        return with("plexlabelproxy_audit:", outcome);
    }

    private void awaitLine(String outcome, String... parts) {
        await().atMost(WAIT).until(() -> playback(outcome).stream().anyMatch(l -> List.of(parts).stream()
                .allMatch(l::contains)));
    }

    @Test
    void aTrackedPlaybackReportGoesUnderTheOwnerTokenAndIsReplayedUnderTheUsers() throws Exception {
        startProxy(ON, true);
        carries(timeline("dev1", SHARED, FROM_A), SHARED); // nothing tracked yet
        assertThat(playback("owner_report")).isEmpty();

        carries(via("GET", TUNE, FROM_A), OWNER);
        assertThat(playback("tracked")).hasSize(1).first().asString().contains("keys=\"client\"");
        carries(timeline("dev1", SHARED, FROM_A, "X-Plex-Token: " + SHARED, "X-Plex-Product: Plex Web"), OWNER);
        assertThat(audit("elevated_live_tv")).hasSize(2).last().asString()
                .contains("path=/:/timeline", "token_fp=" + PlexTokens.fingerprint(SHARED),
                        "reason=\"owner token borrowed for tracked Live TV playback report\"");
        assertThat(playback("owner_report")).hasSize(1);

        String n = Integer.toString(seq.get());
        RecordedRequest replay = pms.awaitRequest(r -> r.path().equals("/:/timeline") && n.equals(r.queryParam("time"))
                && SHARED.equals(r.header("X-Plex-Token")), WAIT);
        carries(replay, SHARED);
        assertThat(replay.queryParam("state")).isEqualTo("playing");
        assertThat(replay.header("X-Plex-Product")).isEqualTo("Plex Web");
        awaitLine("user_replay", "path=/:/timeline", "status=200", "token_fp=" + PlexTokens.fingerprint(SHARED));
    }

    @Test
    void aReportFromAnotherSourceOrAnUntrackedClientKeepsItsOwnToken() throws Exception {
        startProxy(ON, true);
        via("GET", TUNE, FROM_A);
        carries(timeline("dev1", SHARED, FROM_B), SHARED);
        assertThat(playback("source_mismatch")).hasSize(1).first().asString().contains("path=/:/timeline");
        int before = lines.size();
        carries(timeline("dev9", SHARED, FROM_A), SHARED);
        List<String> since = List.copyOf(lines); // a background line may arrive while we look: look at a copy
        assertThat(since.subList(before, since.size())).noneMatch(l -> l.startsWith("plexlabelproxy_playback:"))
                .noneMatch(l -> l.startsWith("plexlabelproxy_audit:"));

        carries(timeline("dev1", SHARED, FROM_A), OWNER); // the tracked one itself still switches
        awaitLine("user_replay", "status=200");
        assertThat(playback("user_replay")).as("refused reports are not replayed").hasSize(1);
        assertThat(audit("elevated_live_tv")).hasSize(2);
    }

    @Test
    void aTrackedScrobbleIsTakenOutOfTheOwnersHistory() throws Exception {
        startProxy(ON, true);
        via("GET", TUNE, FROM_A);
        carries(via("GET", "/:/scrobble?identifier=com.plexapp.plugins.library&X-Plex-Token=" + SHARED,
                FROM_A, "X-Plex-Client-Identifier: dev1"), OWNER); // no ratingKey: nothing to unscrobble
        carries(via("GET", "/:/scrobble?ratingKey=4711&identifier=com.plexapp.plugins.library&X-Plex-Token=" + SHARED,
                FROM_A, "X-Plex-Client-Identifier: dev1"), OWNER);

        RecordedRequest un = pms.awaitRequest(r -> r.path().equals("/:/unscrobble"), WAIT);
        assertThat(un.method()).isEqualTo("GET");
        assertThat(un.query()).isEqualTo("ratingKey=4711&key=%2Flibrary%2Fmetadata%2F4711"
                + "&identifier=com.plexapp.plugins.library");
        assertThat(un.queryParam("key")).isEqualTo("/library/metadata/4711");
        assertThat(un.headers("X-Plex-Token")).containsExactly(OWNER);
        String n = Integer.toString(seq.get());
        RecordedRequest replay = pms.awaitRequest(r -> r.path().equals("/:/scrobble") && n.equals(r.queryParam("time"))
                && SHARED.equals(r.header("X-Plex-Token")), WAIT);
        assertThat(replay.queryParam("ratingKey")).isEqualTo("4711");
        assertThat(replay.header("X-Plex-Client-Identifier")).isEqualTo("dev1");
        awaitLine("owner_unscrobble", "path=/:/unscrobble", "status=200", "token_fp=" + PlexTokens.fingerprint(OWNER));
        await().atMost(WAIT).until(() -> playback("user_replay").size() == 2);
        assertThat(pms.requests()).filteredOn(r -> r.path().equals("/:/unscrobble")).hasSize(1);
        carries(via("GET", "/:/scrobble?key=4712&identifier=com.plexapp.plugins.library&X-Plex-Token=" + SHARED,
                FROM_A, "X-Plex-Client-Identifier: dev1"), OWNER); // Plex's own spelling: key=<ratingKey>
        assertThat(pms.awaitRequest(r -> r.path().equals("/:/unscrobble") && "4712".equals(r.queryParam("ratingKey")),
                WAIT).queryParam("key")).isEqualTo("/library/metadata/4712");
        // PMS records the unscrobble before it answers, and the line follows its answer: wait for it, then count.
        await().atMost(WAIT).until(() -> playback("owner_unscrobble").size() >= 2);
        assertThat(playback("owner_unscrobble")).hasSize(2).allMatch(l -> l.contains("status=200"));
        assertThat(pms.requests()).filteredOn(r -> r.path().equals("/:/unscrobble")).hasSize(2);
    }

    @Test
    void stoppedIsStillSwitchedThenForgetsThePlayback() throws Exception {
        startProxy(ON, true);
        via("GET", TUNE, FROM_A);
        carries(via("GET", "/:/timeline?state=paused&X-Plex-Client-Identifier=dev1&X-Plex-Token=" + SHARED, FROM_A),
                OWNER);
        assertThat(playback("stopped")).isEmpty();
        carries(via("GET", "/:/timeline?state=stopped&X-Plex-Client-Identifier=dev1&X-Plex-Token=" + SHARED, FROM_A),
                OWNER);
        assertThat(playback("stopped")).hasSize(1).first().asString().contains("keys=\"client\"");
        carries(timeline("dev1", SHARED, FROM_A), SHARED);
        assertThat(playback("owner_report")).hasSize(2);
    }

    @Test
    void aTokenLessLiveTvRequestRecoversItsUsersTokenOnlyFromTheSameSource() throws Exception {
        startProxy(ON, true);
        via("GET", "/video/:/transcode/universal/start.m3u8?path=%2Flivetv%2Fsessions%2Fs1&session=s1"
                + "&X-Plex-Token=" + SHARED + "&X-Plex-Client-Identifier=dev1", FROM_A);
        assertThat(playback("tracked")).hasSize(1).first().asString().contains("keys=\"session,client\"");

        RecordedRequest other = via("GET", "/livetv/sessions/s1/dev1/index.m3u8", FROM_B);
        assertThat(other.headers("X-Plex-Token")).isEmpty();
        assertThat(audit("deny_missing_token")).hasSize(1);
        assertThat(playback("session_token_recovered")).isEmpty();

        RecordedRequest same = via("GET", "/livetv/sessions/s1/dev1/index.m3u8", FROM_A);
        assertThat(same.headers("X-Plex-Token")).containsExactly(OWNER);
        assertThat(same.queryParam("X-Plex-Token")).isNull();
        String fp = "token_fp=" + PlexTokens.fingerprint(SHARED);
        assertThat(playback("session_token_recovered")).hasSize(1).first().asString().contains(fp);
        assertThat(audit("elevated_live_tv")).hasSize(2).last().asString()
                .contains("path=/livetv/sessions/s1/dev1/index.m3u8", fp);
        assertThat(audit("deny_missing_token")).hasSize(1);
    }

    @Test
    void anotherUsersReportWithATrackedClientKeepsItsOwnToken() throws Exception {
        startProxy(ON, true);
        via("GET", TUNE, FROM_A);
        carries(timeline("dev1", OTHER, FROM_A), OTHER);
        assertThat(playback("token_mismatch")).hasSize(1).first().asString()
                .contains("token_fp=" + PlexTokens.fingerprint(OTHER));
        assertThat(playback("owner_report")).isEmpty();
        carries(timeline("dev1", SHARED, FROM_A), OWNER);
        assertThat(playback("owner_report")).hasSize(1);
    }

    @Test
    void discoveryOnlyTracksNoPlayback() throws Exception {
        startProxy(ON.withElevateDiscoveryOnly(true), true);
        carries(via("POST", TUNE, FROM_A), SHARED);
        carries(via("GET", TUNE, FROM_A), OWNER); // a GET under /livetv/ is still discovery
        assertThat(audit("elevated_live_tv")).hasSize(1);
        carries(timeline("dev1", SHARED, FROM_A), SHARED);
        assertThat(lines).noneMatch(l -> l.startsWith("plexlabelproxy_playback:"));
    }

    @Test
    void withoutTheFlagNothingIsSwitched() throws Exception {
        startProxy(ON.withNeutralizeOwnerHistory(false), false);
        carries(via("GET", TUNE, FROM_A), OWNER);
        carries(timeline("dev1", SHARED, FROM_A), SHARED);
        carries(via("GET", "/livetv/sessions/s1/dev1/index.m3u8?X-Plex-Token=" + SHARED, FROM_A), OWNER);
        assertThat(audit("elevated_live_tv")).hasSize(2);
        assertThat(lines).noneMatch(l -> l.startsWith("plexlabelproxy_playback:"));
    }

    @Test
    void underElevateAllEveryElevatedUserRequestIsTrackedAndReplayed() throws Exception {
        startProxy(ON.withElevateAll(true), true);
        carries(via("GET", "/library/sections?X-Plex-Client-Identifier=dev3&X-Plex-Token=" + SHARED, FROM_A), OWNER);
        assertThat(playback("tracked")).hasSize(1);
        carries(via("GET", "/:/progress?key=9&X-Plex-Client-Identifier=dev3&X-Plex-Token=" + OWNER, FROM_A), OWNER);
        carries(via("GET", "/:/progress?key=9&X-Plex-Client-Identifier=dev3&X-Plex-Token=" + SHARED, FROM_A), OWNER);
        awaitLine("user_replay", "path=/:/progress", "status=200", "token_fp=" + PlexTokens.fingerprint(SHARED));
        assertThat(pms.requests()).filteredOn(r -> r.path().equals("/:/progress")).extracting(r -> r.header("X-Plex-Token"))
                .as("the owner's own report is not replayed").containsExactly(OWNER, OWNER, SHARED);
    }

    @Test
    void theClientsAnswerDoesNotWaitForTheBackgroundReplay() throws Exception {
        startProxy(ON, true);
        via("GET", TUNE, FROM_A);
        pms.playbackDelay(Duration.ofSeconds(3)); // the client's report and its replay each take 3 s at PMS
        carries(timeline("dev1", SHARED, FROM_A), OWNER);
        // The replay cannot start before the report is answered, so it cannot end within 3 s of that answer; a
        // proxy that waited for it (or blocked its only I/O thread on it) would answer after the user_replay line.
        carries(via("GET", "/library/sections?X-Plex-Token=" + SHARED), SHARED);
        assertThat(playback("user_replay")).isEmpty();
        awaitLine("user_replay", "path=/:/timeline", "status=200");
    }

    @Test
    void onlyReportMethodsAreSwitched() throws Exception {
        startProxy(ON, true);
        via("GET", TUNE, FROM_A);
        carries(via("DELETE", "/:/timeline?X-Plex-Client-Identifier=dev1&X-Plex-Token=" + SHARED, FROM_A), SHARED);
        assertThat(playback("owner_report")).as("DELETE is no playback report").isEmpty();
        carries(timeline("dev1", SHARED, FROM_A), OWNER);
    }

    @Test
    void aCallTheBackgroundClientRefusesFreesItsSlot() throws Exception {
        // Java's HttpClient refuses method CONNECT: more refused calls than slots must not starve later ones.
        PlaybackFollowUps followUps = new PlaybackFollowUps(new PmsClient(pms.baseUri(), java.net.http.HttpClient.newHttpClient()),
                OWNER, 2, lines::add);
        for (int i = 0; i < 3; i++) {
            followUps.run(new PlaybackFollowUps.FollowUp("CONNECT", "/:/timeline", "X-Plex-Client-Identifier=dev1",
                    List.of(), SHARED, null), 200);
        }
        followUps.run(new PlaybackFollowUps.FollowUp("GET", "/:/timeline", "X-Plex-Client-Identifier=dev1",
                List.of(), SHARED, null), 200);
        awaitLine("user_replay", "path=/:/timeline", "status=200");
        assertThat(lines).noneMatch(l -> l.contains("_dropped"));
        assertThat(playback("user_replay_failed")).hasSize(3)
                .allMatch(l -> l.contains("error=\"unusable target, method or header\""));
    }
}
