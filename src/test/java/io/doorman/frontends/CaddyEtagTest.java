package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hash against FNV-1a's published vectors, and the Etag's shape (checked against Caddy in CaddyApplyTest). */
class CaddyEtagTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fnv1a32MatchesThePublishedVectors() {
        assertThat(CaddyEtag.fnv1a32(new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(CaddyEtag.fnv1a32(ascii("a"))).isEqualTo(0xe40c292c);
        assertThat(CaddyEtag.fnv1a32(ascii("foobar"))).isEqualTo(0xbf9cf968);
    }

    @Test
    void theEtagIsThePathAndEightLowercaseHexDigitsZeroPadded() {
        // An empty config reads as "null\n", whose hash starts with a zero nibble.
        assertThat(CaddyEtag.of("/config/", ascii("null\n"))).isEqualTo("/config/ 0e7c22ea");
        assertThat(CaddyEtag.ifMatch("/config/", ascii("null\n"))).isEqualTo("\"/config/ 0e7c22ea\"");
        byte[] high = {(byte) 0xff, (byte) 0x80};
        assertThat(CaddyEtag.of("/config/", high)).matches("/config/ [0-9a-f]{8}");
    }
}
