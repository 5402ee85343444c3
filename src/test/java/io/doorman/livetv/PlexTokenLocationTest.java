package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlexTokenLocationTest {

    private static Function<String, String> headers(String... kv) {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h::get;
    }

    @Test
    void queryTokenWinsThenHeaderUnlessHopByHop() {
        assertThat(PlexTokenLocation.inboundToken("a=1&X-Plex-Token=q1", headers("X-Plex-Token", "h1"))).isEqualTo("q1");
        assertThat(PlexTokenLocation.inboundToken("a=1", headers("x-plex-token", "h1"))).isEqualTo("h1");
        assertThat(PlexTokenLocation.inboundToken("x-plex-token=lower", headers())).as("exact query name").isEmpty();
        assertThat(PlexTokenLocation.inboundToken("X-Plex-Token=", headers("X-Plex-Token", "h1"))).isEqualTo("h1");
        assertThat(PlexTokenLocation.inboundToken("", headers("X-Plex-Token", "h1", "Connection", "keep-alive, X-Plex-Token")))
                .as("a header named in Connection is never a credential").isEmpty();
        assertThat(PlexTokenLocation.inboundToken("X-Plex-Token=a%2Bb", headers())).isEqualTo("a+b");
        assertThat(PlexTokenLocation.inboundToken("", headers())).isEmpty();
    }

    @Test
    void elevationReplacesEveryQueryTokenAndKeepsTheRestByteForByte() {
        assertThat(PlexTokenLocation.replaceInQuery("a=%2F1&X-Plex-Token=user&b=&X-Plex-Token=u2", "own+er"))
                .isEqualTo("a=%2F1&X-Plex-Token=own%2Ber&b=&X-Plex-Token=own%2Ber");
        assertThat(PlexTokenLocation.replaceInQuery("X-Plex%2DToken=user", "o")).isEqualTo("X-Plex%2DToken=o");
        assertThat(PlexTokenLocation.replaceInQuery("x-plex-token=user", "o")).isEqualTo("x-plex-token=user");
        assertThat(PlexTokenLocation.replaceInQuery("", "o")).isEmpty();
        assertThat(PlexTokenLocation.inQuery("a=1&X-Plex-Token=x")).isTrue();
        assertThat(PlexTokenLocation.inQuery("a=1")).isFalse();
    }
}
