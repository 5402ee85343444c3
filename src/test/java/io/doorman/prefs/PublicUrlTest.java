package io.doorman.prefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublicUrlTest {

    @Test
    void theCustomUrlAlwaysNamesItsPort() {
        assertThat(PublicUrl.parse("https://media.example.com").withExplicitPort())
                .isEqualTo("https://media.example.com:443");
        assertThat(PublicUrl.parse(" https://Media.Example.com/ ").withExplicitPort())
                .isEqualTo("https://media.example.com:443");
        assertThat(PublicUrl.parse("https://media.example.com:8443").port()).isEqualTo(8443);
        assertThat(PublicUrl.parse("http://100.101.102.103").withExplicitPort()).isEqualTo("http://100.101.102.103:80");
        assertThat(PublicUrl.parse("HTTPS://[2001:db8::1]:443").withExplicitPort()).isEqualTo("https://[2001:db8::1]:443");
    }

    @Test
    void anythingButSchemeHostAndPortIsRefusedWithAReasonThatNeverEchoesTheText() {
        assertThatThrownBy(() -> PublicUrl.parse("")).hasMessageStartingWith("public URL: empty URL");
        assertThatThrownBy(() -> PublicUrl.parse("media.example.com")).hasMessageContaining("no scheme");
        assertThatThrownBy(() -> PublicUrl.parse("ftp://media.example.com")).hasMessageContaining("not http or https");
        assertThatThrownBy(() -> PublicUrl.parse("https://media.example.com/plex")).hasMessageContaining("path");
        assertThatThrownBy(() -> PublicUrl.parse("https://media.example.com/?a=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> PublicUrl.parse("https://u:s3cret@media.example.com"))
                .hasMessageContaining("user name or password").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> PublicUrl.parse("https://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicUrl.parse("https://bad host")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> PublicUrl.parse("https://media.example.com:70000")).hasMessageContaining("out of range");
    }
}
