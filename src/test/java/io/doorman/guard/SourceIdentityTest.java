package io.doorman.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.Cidr;
import io.doorman.guard.SourceIdentity.Source;
import io.doorman.plex.PlexTokens;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceIdentityTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s); // literals only in these tests: no DNS
    }

    private static Source resolve(String peer, List<String> xff, String cf) throws Exception {
        return SourceIdentity.resolve(ip(peer), Cidr.LOOPBACK, xff, cf);
    }

    @Test
    void untrustedPeerIgnoresSpoofedHeaders() throws Exception {
        Source s = resolve("203.0.113.9", List.of("1.2.3.4", "5.6.7.8"), "9.9.9.9");
        assertThat(s.key()).isEqualTo("203.0.113.9");
        assertThat(s.remote()).isEqualTo("203.0.113.9");
        assertThat(s.forwardedForCount()).isZero();
        assertThat(s.cfConnectingIp()).isFalse();
        assertThat(s.fingerprint()).isEqualTo(PlexTokens.fingerprint("203.0.113.9")).matches("sha256:[0-9a-f]{16}");
    }

    @Test
    void trustedLoopbackUsesRightmostOfTheWholeChain() throws Exception {
        Source s = resolve("127.0.0.1", List.of("10.0.0.1, 198.51.100.7", " , 203.0.113.5 "), null);
        assertThat(s.key()).isEqualTo("203.0.113.5");
        assertThat(s.remote()).isEqualTo("127.0.0.1");
        assertThat(s.forwardedForCount()).isEqualTo(3);
        assertThat(s.cfConnectingIp()).isFalse();
    }

    @Test
    void cfHeaderUsedWhenXffAbsentOrRightmostLoopback() throws Exception {
        Source absent = resolve("127.0.0.1", List.of(), "198.51.100.20");
        assertThat(absent.key()).isEqualTo("198.51.100.20");
        assertThat(absent.cfConnectingIp()).isTrue();
        assertThat(absent.forwardedForCount()).isZero();

        Source loop = resolve("::1", List.of("198.51.100.20, 127.0.0.1"), " 198.51.100.20 ");
        assertThat(loop.key()).isEqualTo("198.51.100.20");
        assertThat(loop.cfConnectingIp()).isTrue();
        assertThat(loop.forwardedForCount()).isEqualTo(2);
        assertThat(loop.remote()).isEqualTo("::1");
    }

    @Test
    void aRealRightmostXffIsTheSourceYetCfPresenceIsReported() throws Exception {
        Source s = resolve("127.0.0.1", List.of("192.0.2.1"), "198.51.100.20");
        assertThat(s.key()).isEqualTo("192.0.2.1");
        assertThat(s.cfConnectingIp()).as("trusted presence, though not the source").isTrue();
        assertThat(s.forwardedForCount()).isEqualTo(1);
    }

    @Test
    void emptyHeadersFallBackToPeer() throws Exception {
        Source s = resolve("127.0.0.1", List.of(" , ", ""), "  ");
        assertThat(s.key()).isEqualTo("127.0.0.1");
        assertThat(s.forwardedForCount()).isZero();
        assertThat(s.cfConnectingIp()).isFalse();
    }

    @Test
    void ipv6IsCanonicalSoSpellingsShareOneSource() throws Exception {
        Source a = resolve("127.0.0.1", List.of("2001:DB8:0:0:0:0:0:1"), null);
        Source b = resolve("127.0.0.1", List.of("[2001:db8::1]"), null);
        assertThat(a.key()).isEqualTo("2001:db8::1").isEqualTo(b.key());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(resolve("2001:db8:0:0:1:0:0:1", List.of(), null).key()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(resolve("127.0.0.1", List.of("::ffff:192.0.2.4"), null).key()).isEqualTo("192.0.2.4");
        assertThat(resolve("127.0.0.1", List.of("0:0:0:0:0:0:0:1"), "192.0.2.8").key()).isEqualTo("192.0.2.8");
    }

    @Test
    void garbageEntriesAreCountedAndKeptAsCappedText() throws Exception {
        Source s = resolve("127.0.0.1", List.of("1.2.3.4, unknown"), "192.0.2.8");
        // Garbage is neither absent nor loopback, so the spec's order picks it over CF-Connecting-IP.
        assertThat(s.key()).isEqualTo("unknown");
        assertThat(s.cfConnectingIp()).as("trusted presence, though not the source").isTrue();
        assertThat(s.forwardedForCount()).isEqualTo(2);
        assertThat(resolve("127.0.0.1", List.of("x".repeat(500)), null).key()).hasSize(64);
        assertThat(resolve("127.0.0.1", List.of("10.0.0.256"), null).key()).isEqualTo("10.0.0.256");
        assertThat(resolve("127.0.0.1", List.of("10.0.0.0/8"), null).key()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void customTrustedCidrBelievesHeadersOthersDoNot() throws Exception {
        List<Cidr> trusted = Cidr.parseList("10.8.0.0/16, fd00::/8");
        Source inside = SourceIdentity.resolve(ip("10.8.3.4"), trusted, List.of("192.0.2.50"), null);
        assertThat(inside.key()).isEqualTo("192.0.2.50");
        Source v6 = SourceIdentity.resolve(ip("fd00::5"), trusted, List.of("192.0.2.51"), null);
        assertThat(v6.key()).isEqualTo("192.0.2.51");
        Source outside = SourceIdentity.resolve(ip("10.9.0.1"), trusted, List.of("192.0.2.50"), null);
        assertThat(outside.key()).isEqualTo("10.9.0.1");
        assertThat(outside.forwardedForCount()).isZero();
        Source loopbackStillTrusted = SourceIdentity.resolve(ip("127.0.0.2"), trusted, List.of("192.0.2.52"), null);
        assertThat(loopbackStillTrusted.key()).isEqualTo("192.0.2.52");
    }

    @Test
    void toStringNeverShowsTheRawSource() throws Exception {
        assertThat(resolve("127.0.0.1", List.of("192.0.2.77"), null).toString()).doesNotContain("192.0.2.77");
    }
}
