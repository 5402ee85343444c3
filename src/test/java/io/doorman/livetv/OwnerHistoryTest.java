package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OwnerHistoryTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final OwnerHistory history = new OwnerHistory(100, now::get);

    private static List<OwnerHistory.Key> keys(String target, Map<String, String> headers) {
        LiveTvRequest r = LiveTvRequest.of("GET", target, n -> headers.get(n), null);
        return OwnerHistory.keys(r.rawPath(), GoUrlDecoding.parseQuery(r.rawQuery()), n -> {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(n)) {
                    return e.getValue();
                }
            }
            return null;
        });
    }

    @Test
    void correlationKeysComeFromHeadersQueryAndSessionPaths() {
        assertThat(keys("/video/:/transcode/universal/start.m3u8?session=s1&X-Plex-Client-Identifier=c1"
                + "&playQueueID=7&playQueueItemID=8", Map.of()))
                .containsExactly(new OwnerHistory.Key("session", "s1"), new OwnerHistory.Key("client", "c1"),
                        new OwnerHistory.Key("play_queue", "7"), new OwnerHistory.Key("play_queue_item", "8"));
        assertThat(keys("/:/timeline?sessionID=s2&clientIdentifier=c2", Map.of("X-Plex-Session-Identifier", "s3")))
                .containsExactly(new OwnerHistory.Key("session", "s3"), new OwnerHistory.Key("session", "s2"),
                        new OwnerHistory.Key("client", "c2"));
        assertThat(keys("/livetv/sessions/abc-123/dev%2D9/index.m3u8", Map.of()))
                .containsExactly(new OwnerHistory.Key("session", "abc-123"), new OwnerHistory.Key("client", "dev-9"));
        assertThat(keys("/:/timeline?key=%2Flivetv%2Fsessions%2Fs4%2Fc4%2Findex.m3u8&state=playing", Map.of()))
                .containsExactly(new OwnerHistory.Key("session", "s4"), new OwnerHistory.Key("client", "c4"));
        assertThat(keys("/library/metadata/5?ratingKey=5&session=&X-Plex-Token=t", Map.of()))
                .as("blank values and unrelated keys are no correlation").isEmpty();
        assertThat(keys("/livetv/sessions/%zz/x", Map.of())).as("a malformed path escape is no key").isEmpty();
    }

    @Test
    void aTrackedPlaybackMatchesFromItsSourceOnlyUntilItExpiresOrStops() {
        List<OwnerHistory.Key> started = keys("/livetv/dvrs/2/channels/5/tune?X-Plex-Client-Identifier=c1", Map.of());
        assertThat(history.track(started, "userTOKEN", "src-a")).as("new").isTrue();
        assertThat(history.track(started, "userTOKEN", "src-a")).as("refresh is not news").isFalse();
        List<OwnerHistory.Key> report = keys("/:/timeline?X-Plex-Client-Identifier=c1&state=playing", Map.of());
        assertThat(history.match(report, "src-a")).isEqualTo(new OwnerHistory.Same("userTOKEN"));
        assertThat(history.match(report, "src-b")).isEqualTo(new OwnerHistory.OtherSource());
        assertThat(history.match(keys("/:/timeline?X-Plex-Client-Identifier=c2", Map.of()), "src-a"))
                .isEqualTo(new OwnerHistory.NoMatch());
        now.addAndGet(OwnerHistory.EXPIRY.toMillis() - 1);
        assertThat(history.match(report, "src-a")).as("just before 8 h").isInstanceOf(OwnerHistory.Same.class);
        now.addAndGet(1);
        assertThat(history.match(report, "src-a")).as("after 8 h").isEqualTo(new OwnerHistory.NoMatch());
        history.track(started, "userTOKEN", "src-a");
        history.forget(report);
        assertThat(history.match(report, "src-a")).as("state=stopped forgets").isEqualTo(new OwnerHistory.NoMatch());
    }

    @Test
    void anotherUserOrSourceTakingOverAKeyIsNews() {
        List<OwnerHistory.Key> k = List.of(new OwnerHistory.Key("client", "c1"));
        history.track(k, "userA", "src-a");
        assertThat(history.track(k, "userB", "src-a")).isTrue();
        assertThat(history.match(k, "src-a")).isEqualTo(new OwnerHistory.Same("userB"));
        assertThat(history.track(k, "userB", "src-c")).isTrue();
    }

    @Test
    void boundedOldestFirst() {
        Map<Integer, List<OwnerHistory.Key>> all = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            all.put(i, List.of(new OwnerHistory.Key("session", "s" + i)));
            history.track(all.get(i), "u", "src");
        }
        assertThat(history.size()).isEqualTo(100);
        assertThat(history.evictions()).isEqualTo(50);
        assertThat(history.match(all.get(0), "src")).isEqualTo(new OwnerHistory.NoMatch());
        assertThat(history.match(all.get(149), "src")).isInstanceOf(OwnerHistory.Same.class);
    }

    @Test
    void playbackReportsAreTimelineScrobbleAndProgress() {
        assertThat(OwnerHistory.isPlaybackReport("/:/timeline")).isTrue();
        assertThat(OwnerHistory.isPlaybackReport("/:/scrobble")).isTrue();
        assertThat(OwnerHistory.isPlaybackReport("/:/progress")).isTrue();
        assertThat(OwnerHistory.isPlaybackReport("/:/unscrobble")).isFalse();
        assertThat(OwnerHistory.isPlaybackReport("/:/timeline/x")).isFalse();
    }

    @Test
    void theScrobbledItemIsTheRatingKeyElseANumericKey() {
        assertThat(OwnerHistory.scrobbledItem(GoUrlDecoding.parseQuery("ratingKey=42&key=7"))).isEqualTo("42");
        assertThat(OwnerHistory.scrobbledItem(GoUrlDecoding.parseQuery("key=4711&identifier=com.plexapp.plugins.library")))
                .isEqualTo("4711");
        assertThat(OwnerHistory.scrobbledItem(GoUrlDecoding.parseQuery("key=%2Flibrary%2Fmetadata%2F9"))).isNull();
        assertThat(OwnerHistory.scrobbledItem(GoUrlDecoding.parseQuery("identifier=x"))).isNull();
        assertThat(OwnerHistory.isReportMethod("GET")).isTrue();
        assertThat(OwnerHistory.isReportMethod("CONNECT")).isFalse();
        assertThat(OwnerHistory.isReportMethod("OPTIONS")).isFalse();
    }
}
