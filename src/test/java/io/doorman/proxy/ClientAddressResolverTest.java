package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.Cidr;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver r = new ClientAddressResolver(Cidr.parseList("127.0.0.0/8,::1,10.0.0.2"));

    private String resolve(String peer, String... headers) throws Exception {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        InetAddress p = InetAddress.getByName(peer);
        return r.resolve(p, r.isTrusted(p), h).getHostAddress();
    }

    @Test
    void untrustedPeerIsTheClientWhateverItClaims() throws Exception {
        assertThat(resolve("198.51.100.4", "X-Forwarded-For", "192.168.1.1", "CF-Connecting-IP", "10.0.0.1"))
                .isEqualTo("198.51.100.4");
    }

    @Test
    void rightmostUntrustedForwardedHopIsTheClient() throws Exception {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.0.0.2")).isEqualTo("203.0.113.9");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "1.1.1.1", "X-Forwarded-For", "203.0.113.9"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void cloudflareHeaderOnlyWhenTheClosestHopIsTrusted() throws Exception {
        assertThat(resolve("127.0.0.1", "CF-Connecting-IP", "203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(resolve("127.0.0.1", "CF-Connecting-IP", "203.0.113.5", "X-Forwarded-For", "127.0.0.1"))
                .isEqualTo("203.0.113.5");
        assertThat(resolve("127.0.0.1", "CF-Connecting-IP", "203.0.113.5", "X-Forwarded-For", "198.51.100.1"))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void garbageAndHostnamesAreIgnoredNeverResolved() throws Exception {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "unknown, evil.example.com")).isEqualTo("127.0.0.1");
        assertThat(resolve("127.0.0.1", "X-Real-IP", "203.0.113.77")).isEqualTo("203.0.113.77");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "[2001:db8::1]")).isEqualTo("2001:db8:0:0:0:0:0:1");
    }
}
