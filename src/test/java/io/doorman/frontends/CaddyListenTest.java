package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Caddy's listen addresses as the merge compares them. */
class CaddyListenTest {

    private static CaddyListen listen(String a) {
        return CaddyListen.parse(a).orElseThrow();
    }

    @Test
    void readsTheFormsCaddyWrites() {
        assertThat(listen(":443")).isEqualTo(new CaddyListen("", 443, 443));
        assertThat(listen("127.0.0.1:18443")).isEqualTo(new CaddyListen("127.0.0.1", 18443, 18443));
        assertThat(listen("tcp/[::1]:443")).isEqualTo(new CaddyListen("::1", 443, 443));
        assertThat(listen("tcp4/0.0.0.0:8443-8445")).isEqualTo(new CaddyListen("0.0.0.0", 8443, 8445));
        assertThat(CaddyListen.parse("unix//run/caddy.sock")).isEqualTo(Optional.empty());
        assertThat(CaddyListen.parse("udp/:443")).isEqualTo(Optional.empty());
        assertThat(CaddyListen.parse("localhost")).isEqualTo(Optional.empty());
        assertThat(CaddyListen.parse(":0")).isEqualTo(Optional.empty());
        assertThat(CaddyListen.parse(":9-8")).isEqualTo(Optional.empty());
    }

    @Test
    void overlapsOnACommonPortOnTheSameHostOrEveryInterface() {
        assertThat(listen(":443").overlaps(listen("127.0.0.1:443"))).isTrue();
        assertThat(listen("127.0.0.1:443").overlaps(listen("[::]:443"))).isTrue();
        assertThat(listen("127.0.0.1:443").overlaps(listen("127.0.0.1:443"))).isTrue();
        assertThat(listen("127.0.0.1:443").overlaps(listen("192.0.2.1:443"))).isFalse();
        assertThat(listen(":8443-8445").overlaps(listen(":8444"))).isTrue();
        assertThat(listen(":443").overlaps(listen(":8443"))).isFalse();
    }

    @Test
    void aProbeOfEveryInterfaceGoesToLoopback() {
        assertThat(listen(":443").probeHost()).isEqualTo("127.0.0.1");
        assertThat(listen("[::]:443").probeHost()).isEqualTo("127.0.0.1");
        assertThat(listen("[::1]:443").probeHost()).isEqualTo("::1");
        assertThat(listen(":8443-8445").hasPort(8444)).isTrue();
        assertThat(listen(":8443-8445").hasPort(8446)).isFalse();
    }
}
