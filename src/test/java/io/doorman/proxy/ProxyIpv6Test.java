package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.doorman.config.HostPort;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IPv6 on both sides: listening on [::1], proxying to a PMS on [::1], and naming IPv6 clients compactly. */
class ProxyIpv6Test {

    private static final Duration SETTLE = Duration.ofSeconds(5);

    @BeforeAll
    static void needIpv6Loopback() {
        assumeTrue(ipv6LoopbackWorks(), "::1 is not available on this machine");
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getInetAddress() instanceof Inet6Address;
        } catch (IOException e) {
            return false;
        }
    }

    private static RecordedRequest identityThrough(ProxyHarness h, FakePms pms) throws Exception {
        pms.clear();
        try (RawHttp c = h.connect(Duration.ofSeconds(10))) {
            c.send("GET /identity HTTP/1.1\r\nHost: plex.example.com\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.bodyText()).contains("machineIdentifier=\"fake-machine-id\"");
        }
        return pms.awaitRequest(r -> r.path().equals("/identity"), SETTLE);
    }

    @Test
    void ipv6ClientReachesAnIpv4Pms() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(b -> b.listen(new HostPort("::1", 0)))) {
            assertThat(h.address().getAddress()).isInstanceOf(Inet6Address.class);
            RecordedRequest up = identityThrough(h, h.pms);
            // Compressed form, as Go and nginx write it, not Java's 0:0:0:0:0:0:0:1.
            assertThat(up.header("X-Forwarded-For")).isEqualTo("::1");
            assertThat(up.header("X-Real-IP")).isEqualTo("::1");

            // ::1 is a trusted (loopback) frontend: its client claim is kept, the resolved client is compressed.
            h.pms.clear();
            try (RawHttp c = h.connect(Duration.ofSeconds(10))) {
                c.send("GET /identity HTTP/1.1\r\nHost: plex.example.com\r\n"
                        + "X-Forwarded-For: 2001:db8:0:0:0:0:0:7\r\n\r\n");
                assertThat(c.readResponse().status()).isEqualTo(200);
            }
            RecordedRequest fwd = h.pms.awaitRequest(r -> r.path().equals("/identity"), SETTLE);
            assertThat(fwd.header("X-Forwarded-For")).isEqualTo("2001:db8:0:0:0:0:0:7, ::1");
            assertThat(fwd.header("X-Real-IP")).isEqualTo("2001:db8::7");
        }
    }

    @Test
    void ipv4ClientReachesAnIpv6Pms() throws Exception {
        try (FakePms v6 = FakePms.start(InetAddress.getByName("::1"));
                ProxyHarness h = ProxyHarness.start(b -> b.upstream(URI.create("http://[::1]:" + v6.port())))) {
            RecordedRequest up = identityThrough(h, v6);
            assertThat(up.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
            assertThat(h.pms.requests()).as("the IPv4 fake was not used").isEmpty();
        }
    }

    @Test
    void ipv6AllTheWayAndTheDefaultHostIsBracketed() throws Exception {
        try (FakePms v6 = FakePms.start(InetAddress.getByName("::1"));
                ProxyHarness h = ProxyHarness.start(b -> b.listen(new HostPort("::1", 0))
                        .upstream(URI.create("http://[::1]:" + v6.port())))) {
            RecordedRequest up = identityThrough(h, v6);
            assertThat(up.header("X-Forwarded-For")).isEqualTo("::1");

            // An HTTP/1.0 request without Host gets the upstream authority, which must keep its brackets.
            v6.clear();
            try (RawHttp c = h.connect(Duration.ofSeconds(10))) {
                c.send("GET /identity HTTP/1.0\r\n\r\n");
                assertThat(c.readResponse().status()).isEqualTo(200);
            }
            RecordedRequest noHost = v6.awaitRequest(r -> r.path().equals("/identity"), SETTLE);
            assertThat(noHost.header("Host")).isEqualTo("[::1]:" + v6.port());
        }
    }
}
