package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.checks.ExposureProbe.Port;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ExposureProbe} on loopback only: 127.0.0.2 stands in for this machine's own address. */
class ExposureProbeTest {

    static final Duration CONNECT = Duration.ofSeconds(2);

    @Test
    void openOnAPublicAddressFailsOnAPrivateOneWarnsAndClosedPasses() throws Exception {
        InetAddress own = InetAddress.getByName("127.0.0.2");
        try (ServerSocket listening = new ServerSocket(0, 8, own)) {
            int closed;
            try (ServerSocket gone = new ServerSocket(0, 1, own)) {
                closed = gone.getLocalPort();
            }
            List<Port> ports = List.of(Port.pms(listening.getLocalPort()), Port.proxy(closed));
            List<Check> asPublic = ExposureProbe.probe(List.of(own), ports, CONNECT, a -> true);
            assertThat(asPublic).extracting(Check::id).containsExactly("exposure.pms", "exposure.proxy");
            assertThat(asPublic.get(0).status()).isEqualTo(Status.FAIL);
            assertThat(asPublic.get(0).summary()).contains("public address 127.0.0.2");
            assertThat(asPublic.get(0).fix()).contains("tcp dport { 32400, 33240 } drop");
            assertThat(asPublic.get(1).status()).isEqualTo(Status.PASS);
            assertThat(asPublic.get(1).summary()).contains("closed on this machine's 1 non-loopback address");

            List<Check> asPrivate = ExposureProbe.probe(List.of(own), ports, CONNECT, a -> false);
            assertThat(asPrivate.get(0).status()).isEqualTo(Status.WARN);
            assertThat(asPrivate.get(0).summary()).contains("reachable from your LAN; fine unless your router forwards it");
            assertThat(asPrivate.get(0).fix()).isNotBlank();
        }
    }

    @Test
    void noAddressSkips() {
        List<Check> checks = ExposureProbe.probe(List.of(), List.of(Port.pms(32400), Port.proxy(33240)), CONNECT,
                ExposureProbe::isPublic);
        assertThat(checks).extracting(Check::status).containsExactly(Status.SKIP, Status.SKIP);
    }

    @Test
    void publicMeansNoneOfTheReservedRanges() throws Exception {
        for (String a : List.of("127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.10", "169.254.1.1", "100.64.0.1",
                "100.127.255.254", "fd00::1", "fc00::1", "fe80::1", "::1", "0.0.0.0")) {
            assertThat(ExposureProbe.isPublic(InetAddress.getByName(a))).as(a).isFalse();
        }
        for (String a : List.of("8.8.8.8", "100.63.255.255", "100.128.0.1", "203.0.113.7", "2001:db8::1", "fe00::1")) {
            assertThat(ExposureProbe.isPublic(InetAddress.getByName(a))).as(a).isTrue();
        }
    }

    @Test
    void ownAddressesLeaveLoopbackOut() {
        assertThat(ExposureProbe.ownAddresses()).noneMatch(InetAddress::isLoopbackAddress);
    }
}
