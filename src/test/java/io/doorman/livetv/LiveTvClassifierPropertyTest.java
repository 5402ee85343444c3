package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Generated requests on shapes that are not on the allowlist, stuffed with Live TV bait in every encoding
 * in their query, headers and body: none may be classified as Live TV, and nothing may throw.
 */
class LiveTvClassifierPropertyTest {

    private static final List<String> ORDINARY = List.of("/library/sections", "/library/metadata/1",
            "/library/metadata/7/children", "/hubs/search", "/:/timeline", "/:/scrobble", "/:/progress",
            "/status/sessions", "/myplex/account", "/photo/:/transcode", "/media/providersx", "/media/grabbersx",
            "/livetv", "/LiveTV/dvrs", "/%6civetv/dvrs", "/media/%70roviders", "/media/subscription",
            "/video/:/transcodex", "/playqueues", "/identityx", "/accounts", "/clients", "/prefs", "/:/prefs",
            "/tv.plex.providers.epg.xmltvx", "/TV.PLEX.PROVIDERS.EPG.XMLTV:1/grid", "/system/agents");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "PROPFIND", "get");
    private static final List<String> BAIT = List.of("/livetv/dvrs", "/livetv/sessions/x", "tv.plex.xmltv://1",
            "tv.plex.providers.epg.xmltv:135", "/LiveTV/", "/tv.plex.providers.epg.xmltv:1/watchnow");
    private static final List<String> KEYS = List.of("path", "uri", "guid", "key", "ratingKey", "hints[ratingKey]",
            "url", "X-Plex-Session-Id", "query", "title", "type");

    private static String encode(String s, int layers) {
        String out = s;
        for (int i = 0; i < layers; i++) {
            out = java.net.URLEncoder.encode(out, StandardCharsets.UTF_8);
        }
        return out;
    }

    private static String randomJunk(Random r) {
        String alphabet = "abc%2F%25/:.+?&=;#[]XYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void noOrdinaryShapeIsEverElevatedWhateverItCarries() {
        Random r = new Random(20261123L);
        for (int i = 0; i < 20_000; i++) {
            String path = ORDINARY.get(r.nextInt(ORDINARY.size()));
            if (r.nextInt(4) == 0 && !path.equals("/livetv")) { // "/livetv/..." would be on the allowlist
                path += "/" + randomJunk(r).replace("?", "").replace("#", "");
            }
            StringBuilder query = new StringBuilder();
            for (int k = r.nextInt(5); k > 0; k--) {
                if (query.length() > 0) {
                    query.append('&');
                }
                String value = r.nextInt(5) == 0 ? randomJunk(r) : encode(BAIT.get(r.nextInt(BAIT.size())), r.nextInt(4));
                query.append(encode(KEYS.get(r.nextInt(KEYS.size())), r.nextInt(2))).append('=').append(value);
            }
            String target = query.length() == 0 ? path : path + "?" + query;
            String bait = encode(BAIT.get(r.nextInt(BAIT.size())), r.nextInt(3));
            TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(Map.of("Referer", "https://x/web/#!" + bait, "X-Plex-Session-Id", "s" + i,
                    "X-Forwarded-Uri", bait));
            byte[] body = r.nextBoolean() ? ("uri=" + bait + "&guid=" + bait).getBytes(StandardCharsets.UTF_8) : null;
            String method = METHODS.get(r.nextInt(METHODS.size()));
            LiveTvClassification c = LiveTvClassifier.classify(LiveTvRequest.of(method, target, headers::get, body));
            assertThat(c.liveTv()).as("%s %s (%s)", method, target, c.reason()).isFalse();
            assertThat(c.discovery()).as("%s %s", method, target).isFalse();
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String target = "/" + randomJunk(r) + "?" + randomJunk(r);
            byte[] body = new byte[r.nextInt(64)];
            r.nextBytes(body);
            LiveTvClassifier.classify(LiveTvRequest.of(METHODS.get(r.nextInt(METHODS.size())), target,
                    name -> randomJunk(r), body));
        }
    }
}
