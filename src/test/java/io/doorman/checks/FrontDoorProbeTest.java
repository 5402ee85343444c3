package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.testkit.DoormanProxies;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FakePmsBehindDoorman;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.TlsFront;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FrontDoorProbe} against a TLS front (self-signed) relaying to the real proxy, or straight to the fake PMS. */
class FrontDoorProbeTest {

    static final String OWNER = "ownerTOKENfrontdoor1";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final FakePmsBehindDoorman doorman = new FakePmsBehindDoorman(OWNER, Mode.ELEVATE_LIVE_TV);

    static List<Status> statuses(List<Check> checks) {
        for (Check c : checks) {
            assertThat(c.summary() + c.fix()).doesNotContain(OWNER);
            if (c.status() == Status.FAIL) {
                assertThat(c.fix()).as(c.id()).isNotBlank();
            }
        }
        return checks.stream().map(Check::status).toList();
    }

    @Test
    void anHttpsFrontDoorToDoormanPassesEveryCheck() {
        try (TlsFront front = TlsFront.start(doorman.proxy().address())) {
            List<Check> checks = FrontDoorProbe.run(URI.create("https://localhost:" + front.port()), OWNER,
                    front.caPem(), TIMEOUT);
            assertThat(checks).extracting(Check::id).containsExactly(FrontDoorProbe.HTTPS, FrontDoorProbe.CERTIFICATE,
                    FrontDoorProbe.REACHES_DOORMAN, FrontDoorProbe.WEBSOCKET);
            assertThat(statuses(checks)).as(checks.toString()).containsOnly(Status.PASS);
            assertThat(checks.get(2).summary()).contains("1.1 doorman");
        }
    }

    @Test
    void withoutTheCaTheCertificateIsNotTrusted() {
        try (TlsFront front = TlsFront.start(doorman.proxy().address())) {
            List<Check> checks = FrontDoorProbe.run(URI.create("https://localhost:" + front.port()), OWNER, null,
                    TIMEOUT);
            assertThat(statuses(checks)).containsExactly(Status.PASS, Status.FAIL, Status.SKIP, Status.SKIP);
            assertThat(checks.get(1).summary()).startsWith("certificate not trusted for localhost");
        }
    }

    @Test
    void aCertificateForAnotherNameFails() {
        try (TlsFront front = TlsFront.start(doorman.proxy().address(), "dns:media.example.invalid")) {
            List<Check> checks = FrontDoorProbe.run(URI.create("https://localhost:" + front.port()), OWNER,
                    front.caPem(), TIMEOUT);
            assertThat(statuses(checks).get(1)).isEqualTo(Status.FAIL);
            assertThat(checks.get(1).summary()).isEqualTo("the certificate does not name localhost");
        }
    }

    @Test
    void aFrontDoorStraightToPmsIsNotDoorman() {
        try (TlsFront front = TlsFront.start(doorman.pms().address())) {
            List<Check> checks = FrontDoorProbe.run(URI.create("https://localhost:" + front.port()), OWNER,
                    front.caPem(), TIMEOUT);
            assertThat(statuses(checks)).containsExactly(Status.PASS, Status.PASS, Status.FAIL, Status.PASS);
            assertThat(checks.get(2).summary()).contains("reaches something that is not Doorman — PMS directly?");
        }
    }

    @Test
    void plainHttpFailsTheHttpsCheckAndStillProbesTheRest() {
        List<Check> checks = FrontDoorProbe.run(DoormanProxies.baseUri(doorman.proxy()), OWNER, null, TIMEOUT);
        assertThat(statuses(checks)).containsExactly(Status.FAIL, Status.SKIP, Status.PASS, Status.PASS);
        assertThat(checks.get(0).summary()).contains("plain HTTP");
    }

    @Test
    void aRefusedWebSocketFailsThatCheck() {
        doorman.pms().script(WebSocketProbe.PATH, 404, List.of(), new byte[0]);
        try (TlsFront front = TlsFront.start(doorman.proxy().address())) {
            List<Check> checks = FrontDoorProbe.run(URI.create("https://localhost:" + front.port()), OWNER,
                    front.caPem(), TIMEOUT);
            assertThat(statuses(checks)).containsExactly(Status.PASS, Status.PASS, Status.PASS, Status.FAIL);
        }
    }

    @Test
    void nothingListeningFailsTheCertificateCheckAndSkipsTheRest() throws Exception {
        List<Check> checks = FrontDoorProbe.run(URI.create("https://127.0.0.1:" + FreePorts.next()), OWNER,
                null, TIMEOUT);
        assertThat(statuses(checks)).containsExactly(Status.PASS, Status.FAIL, Status.SKIP, Status.SKIP);
        assertThat(checks.get(1).summary()).contains("connection refused");
    }

    @Test
    void noPublicUrlSkipsEverything() {
        List<Check> checks = FrontDoorProbe.run(null, OWNER, null, TIMEOUT);
        assertThat(statuses(checks)).containsExactly(Status.SKIP, Status.SKIP, Status.SKIP, Status.SKIP);
        assertThat(checks.get(0).summary()).contains("no public URL");
    }
}
