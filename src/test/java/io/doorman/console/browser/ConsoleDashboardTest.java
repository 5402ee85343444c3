package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.FakeSessions.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard against the real serve: the fake PMS's {@code /status/sessions} beside what Doorman's proxy saw of
 * the same clients (requests sent through it with {@code X-Forwarded-For}), the flagged one, and the live stream.
 */
class ConsoleDashboardTest extends BrowserTestBase {

    private static final Session ALICE = new Session("Arrival", "alice", "Alice iPhone", "alice-ios",
            "203.0.113.45", false, false, "wan");
    /** PMS counts bob as Local, yet Doorman saw him arrive from a public address: the case the warning is for. */
    private static final Session BOB = new Session("Dune", "bob", "Chrome", "bob-web", "192.168.1.40", true, false,
            "lan");
    private static final Session CAROL = new Session("Heat", "carol", "Living room TV", "carol-tv", "198.51.100.3",
            false, false, "wan");

    @BeforeAll
    static void theOwnerTokenIsStoredAndDoormanSawBothClients() throws Exception {
        console.storeOwnerToken();
        seenThroughTheProxy("alice-ios", "203.0.113.45");
        seenThroughTheProxy("bob-web", "203.0.113.77");
    }

    @BeforeEach
    void twoPlaying() {
        console.pms().sessions(List.of(ALICE, BOB));
    }

    /** A request through the proxy as a frontend forwards it, so Doorman's client sightings record it. */
    private static void seenThroughTheProxy(String clientId, String publicIp) throws Exception {
        assertThat(console.throughProxy(null, "/identity", Map.of("X-Forwarded-For", publicIp,
                "X-Plex-Client-Identifier", clientId, "X-Plex-Product", "Plex Web"))).isEqualTo(200);
    }

    @Test
    void aRemoteSessionAndAFlaggedOneAreShownSideBySide() throws Exception {
        logIn();
        awaitCount("[data-test=session-row]", 2);
        WebElement alice = browser.waitVisible("[data-test=session-row][data-user=alice]");
        assertThat(cells(alice)).containsExactly("alice", "Arrival", "9.2k kbps", "Remote (WAN)", "No", "No", "Yes",
                "203.0.113.45", "203.0.113.45", "No");
        assertThat(browser.all("[data-test=session-warning][data-user=alice]")).isEmpty();
        WebElement bob = browser.waitVisible("[data-test=session-row][data-user=bob]");
        assertThat(cells(bob)).containsExactly("bob", "Dune", "9.2k kbps", "Local (LAN)", "Yes", "No", "Yes",
                "192.168.1.40", "203.0.113.77", "No");
        WebElement warning = browser.waitVisible("[data-test=session-warning][data-user=bob]");
        assertThat(warning.getText()).startsWith("⚠ Warning: ").contains("203.0.113.77");
        assertThat((String) browser.script("return arguments[0].previousElementSibling.dataset.user", warning))
                .isEqualTo("bob");
        assertThat(browser.byTest("sessions").getText()).doesNotContain(ServedConsole.OWNER_TOKEN);
        screenshots("dashboard-sessions");
    }

    @Test
    void trafficSessionsAndDriftArriveLiveOverServerSentEvents() throws Exception {
        logIn();
        awaitCount("[data-test=session-row]", 2);
        Awaitility.await("the event stream").atMost(Duration.ofSeconds(10))
                .until(() -> browser.byTest("live-status").getText().equals("Live"));
        // serve samples the proxy's traffic every 2 s; each sample is one more point, with no reload.
        Awaitility.await("two traffic points").atMost(Duration.ofSeconds(15)).until(() -> Integer.parseInt(
                browser.byTest("traffic-chart").getAttribute("data-points")) >= 2);
        int points = Integer.parseInt(browser.byTest("traffic-chart").getAttribute("data-points"));
        String line = (String) browser.script("return document.querySelector('[data-test=traffic-chart] "
                + ".series-0').getAttribute('points')");
        assertThat(line.split(" ").length).isBetween(points, points + 1);
        assertThat(browser.byTest("chart-value-requestsPerSecond").getText()).endsWith("/s");

        // PMS's preferences as the fake has them: relay on, so the policy reports drift.
        Awaitility.await("the drift status").atMost(Duration.ofSeconds(15))
                .until(() -> browser.byTest("drift").getAttribute("data-status").equals("drift"));
        assertThat(browser.byTest("drift-details").getText()).contains("RelayEnabled");

        console.pms().sessions(List.of(ALICE, BOB, CAROL));
        // The sessions event comes every 10 s.
        Awaitility.await("carol's session, live").atMost(Duration.ofSeconds(25))
                .until(() -> browser.all("[data-test=session-row][data-user=carol]").size() == 1);
        assertThat(cells(browser.waitVisible("[data-test=session-row][data-user=carol]")))
                .as("a client Doorman never saw").containsExactly("carol", "Heat", "9.2k kbps", "Remote (WAN)", "No",
                        "No", "Yes", "198.51.100.3", "—", "—");
        screenshots("dashboard-live");
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }
}
