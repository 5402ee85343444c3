package io.doorman.guard;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.guard.ClientSightings.Sighting;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What Doorman remembers of each Plex client it saw, and what it refuses to keep. */
class ClientSightingsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    private final ClientSightings sightings = new ClientSightings(clock);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void remembersAddressLanProductAndWhen() throws Exception {
        sightings.sighted("c0ffee00-ios", "Plex for iOS", ip("203.0.113.45"), false);
        assertThat(sightings.recent()).containsExactly(new Sighting("c0ffee00-ios", "203.0.113.45", false,
                Instant.parse("2026-01-02T03:04:05Z"), "Plex for iOS"));
    }

    @Test
    void mostRecentlySeenFirstAndASecondSightingReplacesTheFirst() throws Exception {
        sightings.sighted("tv", null, ip("192.168.1.20"), true);
        clock.advance(Duration.ofSeconds(1));
        sightings.sighted("phone", null, ip("198.51.100.7"), false);
        clock.advance(Duration.ofSeconds(1));
        sightings.sighted("tv", "Plex for LG", ip("203.0.113.9"), false);
        assertThat(sightings.recent()).extracting(Sighting::clientIdentifier).containsExactly("tv", "phone");
        Sighting tv = sightings.recent().get(0);
        assertThat(tv.address()).isEqualTo("203.0.113.9");
        assertThat(tv.lan()).isFalse();
        assertThat(tv.product()).isEqualTo("Plex for LG");
        assertThat(tv.lastSeen()).isEqualTo(Instant.parse("2026-01-02T03:04:07Z"));
    }

    @Test
    void implausibleIdentifiersAreNotKept() throws Exception {
        for (String id : new String[] {null, "", "<script>", "a b", "x".repeat(129), "id\r\nX-Plex-Token: t"}) {
            sightings.sighted(id, null, ip("127.0.0.1"), true);
        }
        sightings.sighted("x".repeat(128), null, ip("127.0.0.1"), true);
        assertThat(sightings.recent()).extracting(Sighting::clientIdentifier).containsExactly("x".repeat(128));
    }

    @Test
    void overlongProductIsDroppedButTheClientKept() throws Exception {
        sightings.sighted("web", "p".repeat(ClientSightings.MAX_PRODUCT_LENGTH + 1), ip("127.0.0.1"), true);
        sightings.sighted("app", "p".repeat(ClientSightings.MAX_PRODUCT_LENGTH), ip("127.0.0.1"), true);
        assertThat(sightings.recent()).extracting(Sighting::product)
                .containsExactly("p".repeat(ClientSightings.MAX_PRODUCT_LENGTH), null);
    }

    @Test
    void unknownAddressIsShownEmpty() {
        sightings.sighted("web", null, null, false);
        assertThat(sightings.recent().get(0).address()).isEmpty();
    }

    @Test
    void boundedTheLeastRecentlySeenGoesFirst() throws Exception {
        InetAddress a = ip("10.0.0.1");
        for (int i = 0; i < ClientSightings.MAX_CLIENTS; i++) {
            sightings.sighted("client-" + i, null, a, true);
        }
        sightings.sighted("client-0", null, a, true); // seen again: now client-1 is the oldest
        sightings.sighted("newcomer", null, a, true);
        assertThat(sightings.recent()).hasSize(ClientSightings.MAX_CLIENTS);
        assertThat(sightings.recent()).extracting(Sighting::clientIdentifier)
                .startsWith("newcomer", "client-0")
                .doesNotContain("client-1")
                .endsWith("client-2");
    }
}
