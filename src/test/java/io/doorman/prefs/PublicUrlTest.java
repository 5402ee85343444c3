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
    void anythingButSchemeHostAndPortIsRefusedWithAReason() {
        assertThatThrownBy(() -> PublicUrl.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PublicUrl.parse("media.example.com")).hasMessageContaining("must start with https://");
        assertThatThrownBy(() -> PublicUrl.parse("ftp://media.example.com")).hasMessageContaining("https://");
        assertThatThrownBy(() -> PublicUrl.parse("https://media.example.com/plex"))
                .hasMessageContaining("scheme, host and port only");
        assertThatThrownBy(() -> PublicUrl.parse("https://media.example.com/?a=1"))
                .hasMessageContaining("scheme, host and port only");
        assertThatThrownBy(() -> PublicUrl.parse("https://u:p@media.example.com")).hasMessageContaining("password");
        assertThatThrownBy(() -> PublicUrl.parse("https://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicUrl.parse("https://bad host")).hasMessageContaining("not a URL");
    }
}
