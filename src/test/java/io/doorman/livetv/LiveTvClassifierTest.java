package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the spec's "Request classification", with positive and negative cases. */
class LiveTvClassifierTest {

    private static LiveTvClassification classify(String method, String target, Map<String, String> headers,
            String body) {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return LiveTvClassifier.classify(LiveTvRequest.of(method, target, h::get,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static LiveTvClassification classify(String method, String target) {
        return classify(method, target, Map.of(), null);
    }

    @ParameterizedTest(name = "{0} {1} -> live={2} discovery={3} stream={4}")
    @CsvSource(delimiter = '|', value = {
        // provider list, grabbers, /livetv/, EPG provider paths
        "GET    | /media/providers                                        | true  | true  | false",
        "HEAD   | /media/providers                                        | true  | true  | false",
        "GET    | /media/providers/extra                                  | false | false | false",
        "GET    | /media/grabbers/devices                                 | true  | true  | false",
        "GET    | /media/grabbers/tv.plex.grabbers.hdhomerun/devices      | true  | false | false",
        "GET    | /media/grabbers                                         | false | false | false",
        "GET    | /livetv/dvrs                                            | true  | true  | false",
        "GET    | /livetv/sessions/abc/def/index.m3u8                     | true  | true  | false",
        "GET    | /livetv                                                 | false | false | false",
        "GET    | /tv.plex.providers.epg.xmltv:135/grid?type=1            | true  | true  | false",
        "GET    | /tv.plex.providers.epg.xmltv:135                        | true  | true  | false",
        // paths as sent: encoded or case-changed variants fail closed
        "GET    | /media/%70roviders                                      | false | false | false",
        "GET    | /LiveTV/dvrs                                            | false | false | false",
        "GET    | /%6Civetv/dvrs                                          | false | false | false",
        // a bait parameter on an ordinary path is not evidence
        "GET    | /library/sections?x=/livetv/dvrs                        | false | false | false",
        "GET    | /library/metadata/1?path=%2Flivetv%2Fsessions%2Fx       | false | false | false",
        "GET    | /hubs/search?query=tv.plex.providers.epg.xmltv:1        | false | false | false",
        // OPTIONS never; mutating methods on /livetv/ never, except POST .../tune
        "OPTIONS| /livetv/dvrs                                            | false | false | false",
        "OPTIONS| /media/providers                                        | false | false | false",
        "PUT    | /livetv/dvrs/5                                          | false | false | false",
        "DELETE | /livetv/dvrs/5                                          | false | false | false",
        "POST   | /livetv/dvrs/5/reloadGuide                              | false | false | false",
        "PATCH  | /livetv/dvrs/5/prefs                                    | false | false | false",
        "POST   | /media/providers                                        | false | false | false",
        // tune
        "POST   | /livetv/dvrs/5/channels/12.1/tune                       | true  | false | true",
        "GET    | /livetv/dvrs/5/channels/12.1/tune                       | true  | true  | true",
        "PUT    | /livetv/dvrs/5/channels/12.1/tune                       | false | false | true",
        "POST   | /livetv/dvrs/5/channels/12.1/tune/extra                 | false | false | false",
        // transcode helpers: the path parameter must point at Live TV (any encoding depth)
        "GET    | /video/:/transcode/universal/start.m3u8?path=%2Flivetv%2Fsessions%2Fabc   | true | false | true",
        "GET    | /video/:/transcode/universal/start.m3u8?path=%252Flivetv%252Fsessions     | true | false | true",
        "GET    | /video/:/transcode/universal/decision?path=/livetv/sessions/x&hasMDE=1    | true | false | true",
        "GET    | /video/:/transcode/universal/start.m3u8?path=%2Flibrary%2Fmetadata%2F9    | false | false | false",
        "GET    | /video/:/transcode/universal/start.m3u8?other=%2Flivetv%2F&path=/library/x | false | false | false",
        "POST   | /video/:/transcode/universal/start.m3u8?path=%2Flivetv%2Fsessions%2Fabc   | true | false | true",
        "DELETE | /video/:/transcode/universal/stop?path=%2Flivetv%2Fsessions%2Fabc         | false | false | true",
        // play queues: uri or path parameter
        "POST   | /playQueues?type=video&uri=server%3A%2F%2Fabc%2Fcom.plexapp.plugins.library%2Flivetv%2Fsessions%2Fx | true | false | true",
        "POST   | /playQueues?uri=provider%3A%2F%2Ftv.plex.providers.epg.xmltv%3A135%2Fmetadata%2F1 | true | false | true",
        "GET    | /playQueues/55?path=%2Flivetv%2Fsessions%2Fx             | true | false | true",
        "POST   | /playQueues?type=video&uri=server%3A%2F%2Fabc%2Flibrary%2Fmetadata%2F1 | false | false | false",
        "PUT    | /playQueues/55?uri=%2Flivetv%2Fsessions%2Fx              | false | false | true",
        // subscriptions: reads always (template needs evidence), changes need evidence
        "GET    | /media/subscriptions                                    | true  | true  | false",
        "GET    | /media/subscriptions/scheduled                          | true  | true  | false",
        "HEAD   | /media/subscriptions/42                                 | true  | true  | false",
        "GET    | /media/subscriptions/template?guid=tv.plex.xmltv%3A%2F%2Fshow%2F1 | true | true | false",
        "GET    | /media/subscriptions/template?guid=plex%3A%2F%2Fmovie%2F1 | false | false | false",
        "GET    | /media/subscriptionsx                                   | false | false | false",
        "POST   | /media/subscriptions?guid=tv.plex.xmltv%3A%2F%2Fshow%2F1&type=4 | true | false | false",
        "POST   | /media/subscriptions?hints%5BratingKey%5D=%2Flivetv%2Fx  | true  | false | false",
        "POST   | /media/subscriptions?Hints%5BGUID%5D=tv.plex.providers.epg.xmltv%3A1 | true | false | false",
        "PUT    | /media/subscriptions/42?key=%2Ftv.plex.providers.epg.xmltv%3A135%2Fx | true | false | false",
        "POST   | /media/subscriptions?guid=plex%3A%2F%2Fmovie%2F1        | false | false | false",
        "POST   | /media/subscriptions?title=%2Flivetv%2F                  | false | false | false",
        "DELETE | /media/subscriptions/42                                 | false | false | false",
        "DELETE | /media/subscriptions/42?x-plex-session-id=abc            | true  | false | false",
        "DELETE | /media/subscriptions/42?X-Plex-Playback-Session-Id=      | false | false | false",
        "DELETE | /media/subscriptions/abc?X-Plex-Session-Id=abc          | false | false | false",
        "PROPFIND| /media/subscriptions?guid=tv.plex.xmltv%3A1            | false | false | false",
        // identity only from a Live TV page (see refererCases)
        "GET    | /identity                                               | false | false | false",
        "GET    | /                                                       | false | false | false",
    })
    void rules(String method, String target, boolean live, boolean discovery, boolean stream) {
        LiveTvClassification c = classify(method.trim(), target.trim());
        assertThat(c.liveTv()).as("live_tv: %s", c.reason()).isEqualTo(live);
        assertThat(c.discovery()).as("discovery: %s", c.reason()).isEqualTo(discovery);
        assertThat(c.stream()).as("stream: %s", c.reason()).isEqualTo(stream);
    }

    @Test
    void identityIsLiveTvOnlyFromALiveTvPage() {
        assertThat(classify("GET", "/identity", Map.of("Referer", "https://media.example.com/web/index.html#!/livetv/guide"), null).liveTv()).isTrue();
        assertThat(classify("GET", "/", Map.of("referer", "https://x/web/#!/provider/tv.plex.providers.epg.xmltv%3A135"), null).liveTv()).isTrue();
        assertThat(classify("HEAD", "/", Map.of("Referer", "https://x/web/index.html%23%21%2Flivetv%2Fguide"), null).discovery()).isTrue();
        assertThat(classify("GET", "/identity", Map.of("Referer", "https://x/web/index.html#!/media/server/library"), null).liveTv()).isFalse();
        assertThat(classify("POST", "/identity", Map.of("Referer", "https://x/#!/livetv/guide"), null).liveTv()).isFalse();
        assertThat(classify("GET", "/library/sections", Map.of("Referer", "https://x/#!/livetv/guide"), null).liveTv()).isFalse();
    }

    @Test
    void deleteWithASessionHeaderQualifies() {
        assertThat(classify("DELETE", "/media/subscriptions/42", Map.of("X-Plex-Playback-Session-Id", "s1"), null).liveTv()).isTrue();
        assertThat(classify("DELETE", "/media/subscriptions/42", Map.of("X-Plex-Session-Id", ""), null).liveTv()).isFalse();
    }

    @Test
    void bodyEvidenceForSubscriptionChangesAndPlayQueues() {
        assertThat(classify("POST", "/media/subscriptions", Map.of(), "type=4&hints%5Bguid%5D=tv.plex.xmltv%3A%2F%2Fshow%2F1").liveTv()).isTrue();
        assertThat(classify("POST", "/media/subscriptions", Map.of(), "{\"uri\":\"/livetv/sessions/x\"}").liveTv()).as("raw text").isTrue();
        assertThat(classify("POST", "/media/subscriptions", Map.of(), "title=Movie&guid=plex%3A%2F%2Fmovie%2F1").liveTv()).isFalse();
        assertThat(classify("POST", "/playQueues?type=video", Map.of(), "uri=%2Flivetv%2Fsessions%2Fx").stream()).isTrue();
        assertThat(classify("POST", "/playQueues?type=video", Map.of(), "uri=%2Flivetv%2Fsessions%2Fx").liveTv()).isTrue();
        assertThat(classify("POST", "/playQueues?type=video", Map.of(), null).liveTv()).as("body not read").isFalse();
        assertThat(classify("POST", "/library/sections", Map.of(), "uri=/livetv/sessions/x").liveTv()).as("bait body").isFalse();
    }

    @Test
    void onlyPlayQueueAndSubscriptionChangesMayNeedTheBody() {
        assertThat(LiveTvClassifier.mayNeedBody("POST", "/playQueues")).isTrue();
        assertThat(LiveTvClassifier.mayNeedBody("PUT", "/media/subscriptions/4")).isTrue();
        assertThat(LiveTvClassifier.mayNeedBody("GET", "/media/subscriptions")).isFalse();
        assertThat(LiveTvClassifier.mayNeedBody("POST", "/library/sections")).isFalse();
        assertThat(LiveTvClassifier.mayNeedBody("OPTIONS", "/playQueues")).isFalse();
        assertThat(LiveTvClassifier.mayNeedBody("POST", "/:/timeline")).isFalse();
    }

    @Test
    void evidenceSeesThroughEncodingLayersButNotMalformedOnes() {
        assertThat(LiveTvEvidence.in("/LiveTV/sessions")).isTrue();
        assertThat(LiveTvEvidence.in("%2Flivetv%2F")).isTrue();
        assertThat(LiveTvEvidence.in("%252Flivetv%252F")).isTrue();
        assertThat(LiveTvEvidence.in("%25252525252Flivetv%25252525252F")).as("more than four layers").isFalse();
        assertThat(LiveTvEvidence.in("tv.plex.xmltv%3A%2F%2F1")).isTrue();
        assertThat(LiveTvEvidence.in("%ZZ/livetv")).isFalse();
        assertThat(LiveTvEvidence.in("%ZZ%2Flivetv%2F")).as("a malformed escape stops decoding").isFalse();
        assertThat(LiveTvEvidence.in("a+b%2Flivetv%2F+c")).isTrue();
        assertThat(LiveTvEvidence.in(null)).isFalse();
        assertThat(LiveTvEvidence.in("/library/livetv")).isFalse();
    }

    @Test
    void goQueryParsingSkipsWhatGoSkips() {
        var q = GoUrlDecoding.parseQuery("a=1&b=%ZZ&c;d=2&path=%2Flivetv%2F&&e");
        assertThat(q).extracting(Map.Entry::getKey).containsExactly("a", "path", "e");
        assertThat(GoUrlDecoding.first(q, "path")).isEqualTo("/livetv/");
        assertThat(GoUrlDecoding.first(q, "missing")).isEmpty();
        assertThat(GoUrlDecoding.queryUnescape("a+b%20c")).isEqualTo("a b c");
        assertThat(GoUrlDecoding.pathUnescape("a+b%20c")).isEqualTo("a+b c");
        assertThat(GoUrlDecoding.queryUnescape("%")).isNull();
    }
}
