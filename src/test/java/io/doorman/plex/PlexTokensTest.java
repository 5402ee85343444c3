package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlexTokensTest {

    // echo -n abc | sha256sum ; echo -n tokenB | sha256sum
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String TOKEN_B = "a9b6ea7e9127561de94d46f3d5a39a277ca0246fe04521638ebc280015110643";

    @Test
    void theLastHashOfAThreadIsReusedOnlyForTheSameValue() {
        assertThat(PlexTokens.sha256Hex("tokenB")).isEqualTo(TOKEN_B);
        assertThat(PlexTokens.sha256Hex("abc")).isEqualTo(ABC);
        assertThat(PlexTokens.sha256Hex(new String("abc".toCharArray()))).isEqualTo(ABC);
        assertThat(PlexTokens.sha256Hex("tokenB")).isEqualTo(TOKEN_B);
        assertThat(PlexTokens.sha256Hex("abc")).isEqualTo(ABC);
        assertThat(PlexTokens.fingerprint("abc")).isEqualTo("sha256:ba7816bf8f01cfea");
    }

    @Test
    void tokensInTargetsBecomeFingerprints() {
        String fp = PlexTokens.fingerprint("abc");
        assertThat(PlexTokens.redactTarget("/library/sections?X-Plex-Token=abc&type=1"))
                .isEqualTo("/library/sections?X-Plex-Token=" + fp + "&type=1");
        assertThat(PlexTokens.redactTarget("/photo/:/transcode?url=%2Fa%3Fx-plex-token%3Dabc%26b=1&X-PLEX-TOKEN=abc"))
                .isEqualTo("/photo/:/transcode?url=%2Fa%3Fx-plex-token%3D" + fp + "%26b=1&X-PLEX-TOKEN=" + fp);
        assertThat(PlexTokens.redactTarget("/t?u=%2Fa%253FX-Plex-Token%253Dabc%2526x=1#X-Plex-Token=abc"))
                .isEqualTo("/t?u=%2Fa%253FX-Plex-Token%253D" + fp + "%2526x=1#X-Plex-Token=" + fp);
        assertThat(PlexTokens.redactTarget("/a?X-Plex-Token=&b")).isEqualTo("/a?X-Plex-Token=missing&b");
        assertThat(PlexTokens.redactTarget("/a?X-Plex-Tokens=abc")).isEqualTo("/a?X-Plex-Tokens=abc");
        assertThat(PlexTokens.redactTarget("/library/sections")).isEqualTo("/library/sections");
        assertThat(PlexTokens.redactTarget("")).isEmpty();
        assertThat(PlexTokens.redactTarget(null)).isNull();
    }

    /**
     * The scanner against the regular expression it replaced, on random targets built from the pieces that
     * decide a match: every difference is a line that would log differently (or, worse, a raw token).
     */
    @Test
    void redactionMatchesThePatternItReplaced() {
        Pattern old = Pattern.compile("(?i)(x-plex-token(?:=|%3d|%253d))([^&#\\s]*?)(?=&|%26|%2526|#|\\s|$)");
        List<String> pieces = List.of("x-plex-token", "X-Plex-Token", "X-PLEX-TOKEN", "x-plex-toke", "x-plex-to", "en", "=", "%3d", "%3D",
                "%253d", "%253D", "%25", "%2", "&", "%26", "%2526", "%252", "#", " ", "\t", "\n", "\r", "\u000B",
                "\u0085", "\u2028", "\u2029", "abc", "X", "k", "\u212A", "\u00ff", "?", "/", "%", "2", "6", "d", "D");
        SplittableRandom random = new SplittableRandom(20261207);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder target = new StringBuilder();
            for (int k = random.nextInt(1, 12); k > 0; k--) {
                target.append(pieces.get(random.nextInt(pieces.size())));
            }
            String t = target.toString();
            Matcher m = old.matcher(t);
            StringBuilder want = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(want, Matcher.quoteReplacement(m.group(1) + PlexTokens.fingerprint(m.group(2))));
            }
            m.appendTail(want);
            assertThat(PlexTokens.redactTarget(t)).as("target %s", t.replace("\n", "\\n")).isEqualTo(want.toString());
        }
    }
}
