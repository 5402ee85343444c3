package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:33240, 127.0.0.1, 33240",
        "localhost:80, localhost, 80",
        "[::1]:33240, ::1, 33240",
        "[fe80::1:2]:0, fe80::1:2, 0",
        ":8080, 0.0.0.0, 8080",
        "' 10.0.0.1:65535 ', 10.0.0.1, 65535",
        "plex_server:32400, plex_server, 32400"
    })
    void parsesAddresses(String text, String host, int port) {
        assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    }

    @Test
    void printsIpv6InBrackets() {
        assertThat(HostPort.parse("[::1]:33240")).hasToString("[::1]:33240");
        assertThat(HostPort.parse("127.0.0.1:1")).hasToString("127.0.0.1:1");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> HostPort.parse("foo")).hasMessage("address 'foo' has no port (want host:port)");
        assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("must be in brackets");
        assertThatThrownBy(() -> HostPort.parse("http://127.0.0.1:80")).hasMessageContaining("is a URL");
        assertThatThrownBy(() -> HostPort.parse("host:99999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> HostPort.parse("host:http")).hasMessageContaining("bad port 'http'");
        assertThatThrownBy(() -> HostPort.parse("")).hasMessage("empty address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:", "host:+80", "host:-1", "[::1]", "[::1]80", "[zz::1]:80", "[]:80", "ho st:80",
        "a/b:80", "[::1:80"})
    void rejectsMalformed(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void allInterfacesAreReachedOverLoopback() {
        assertThat(HostPort.parse(":32400").reachableLocally()).isEqualTo(new HostPort("127.0.0.1", 32400));
        assertThat(HostPort.parse("[::]:32400").reachableLocally().toString()).isEqualTo("[::1]:32400");
        HostPort lan = HostPort.parse("192.168.1.5:32400");
        assertThat(lan.reachableLocally()).isSameAs(lan);
    }
}
