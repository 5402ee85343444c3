package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.doorman.testkit.FakeGdmResponder;
import io.doorman.testkit.FakeGdmResponder.HeaderCase;
import io.doorman.testkit.FakeGdmResponder.Server;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GdmDiscoveryTest {

    /** Long enough for loopback answers on a busy machine, short enough to keep the suite quick. */
    private static final Duration WINDOW = Duration.ofMillis(800);

    private static final String ID_A = "2f2a7d3e5c1b4a6f8e9d0c1b2a3f4e5d6c7b8a90";
    private static final String ID_B = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

    private static List<GdmServer> discover(FakeGdmResponder fake, int sends) throws IOException {
        return new GdmDiscovery(fake.address(), WINDOW, sends).discover();
    }

    @Test
    void oneServerIsListedWithWhatItAdvertisedAndTheAddressItAnsweredFrom() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("Living Room", ID_A).withPort(32401));
            List<GdmServer> servers = discover(fake, 1);
            assertThat(servers).containsExactly(new GdmServer("Living Room", "127.0.0.1", 32401,
                    "1.41.3.9314-a0bfb8370", ID_A, Optional.of(Instant.ofEpochSecond(1_700_000_000L))));
            assertThat(servers.getFirst().url()).isEqualTo("http://127.0.0.1:32401");
        }
    }

    @Test
    void twoServersAreSortedByName() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("zebra", ID_A), Server.of("Attic", ID_B));
            assertThat(discover(fake, 1)).extracting(GdmServer::name, GdmServer::machineIdentifier)
                    .containsExactly(tuple("Attic", ID_B),
                            tuple("zebra", ID_A));
        }
    }

    @Test
    void duplicateAnswersAndAnswersToReSendsListTheServerOnce() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("Den", ID_A)).answerTwice(true);
            List<GdmServer> servers = discover(fake, 3);
            // Each of the three requests got two answers: six datagrams, one server.
            assertThat(fake.answersSent()).isGreaterThanOrEqualTo(2);
            assertThat(servers).extracting(GdmServer::machineIdentifier).containsExactly(ID_A);
        }
    }

    @Test
    void garbageDatagramsAreIgnored() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("Den", ID_A)).garbageFirst(true);
            assertThat(discover(fake, 1)).extracting(GdmServer::name).containsExactly("Den");
        }
    }

    @Test
    void anAnswerAfterTheWindowIsNotListed() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("On time", ID_A)).lateServer(Server.of("Too late", ID_B), Duration.ofSeconds(2));
            List<GdmServer> servers = new GdmDiscovery(fake.address(), Duration.ofMillis(300), 1).discover();
            assertThat(servers).extracting(GdmServer::name).containsExactly("On time");
            // The late answer really was sent (to a socket that is closed by now), so the list above proves something.
            await().atMost(10, TimeUnit.SECONDS).until(() -> fake.lateAnswersSent() >= 1);
        }
    }

    @Test
    void theRequestIsTheSpecsMSearchSentSeveralTimes() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.enabled(false);
            assertThat(discover(fake, 3)).isEmpty();
            await().atMost(10, TimeUnit.SECONDS).until(() -> fake.received().size() >= 3);
            byte[] expected = "M-SEARCH * HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(fake.received()).allSatisfy(datagram -> assertThat(datagram).isEqualTo(expected));
        }
    }

    @Test
    void unsureAnswerShapesStillGiveTheServer() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("Den", ID_A).withPort(null).withUpdatedAt(null).withHost("abc123.plex.direct"))
                    .headerCase(HeaderCase.LOWER).lineEnding("\n").trailingBlankLine(true)
                    .extraHeaders(Map.of("X-Future", "a: b"));
            assertThat(discover(fake, 1)).containsExactly(new GdmServer("Den", "127.0.0.1", 32400,
                    "1.41.3.9314-a0bfb8370", ID_A, Optional.empty()));
            fake.headerCase(HeaderCase.UPPER).lineEnding("\r\n");
            assertThat(discover(fake, 1)).extracting(GdmServer::port).containsExactly(32400);
        }
    }

    @Test
    void theAsyncFormCompletesWithTheSameList() throws Exception {
        try (FakeGdmResponder fake = FakeGdmResponder.start()) {
            fake.servers(Server.of("Den", ID_A));
            List<GdmServer> servers = new GdmDiscovery(fake.address(), WINDOW, 1).discoverAsync()
                    .get(30, TimeUnit.SECONDS);
            assertThat(servers).extracting(GdmServer::name).containsExactly("Den");
        }
    }

    @Test
    void aSocketThatCannotBeOpenedIsAClearError() throws Exception {
        // A local port another socket holds cannot be bound again.
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalSocketAddress();
            GdmDiscovery gdm = new GdmDiscovery(new InetSocketAddress("127.0.0.1", 9), WINDOW, 1, busy);
            assertThatThrownBy(gdm::discover).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("GDM discovery: cannot open a UDP socket on 127.0.0.1:"
                            + busy.getPort() + ": ");
            assertThatThrownBy(() -> gdm.discoverAsync().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void badSettingsAreRefusedUpFront() {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", 32414);
        assertThatThrownBy(() -> new GdmDiscovery(target, Duration.ZERO, 1)).hasMessageContaining("window");
        assertThatThrownBy(() -> new GdmDiscovery(target, WINDOW, 0)).hasMessageContaining("sends");
        assertThatThrownBy(() -> new GdmDiscovery(InetSocketAddress.createUnresolved("pms.lan", 32414), WINDOW, 1))
                .hasMessageContaining("pms.lan");
    }
}
