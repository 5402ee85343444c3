package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;

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
}
