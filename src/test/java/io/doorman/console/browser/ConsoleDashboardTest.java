package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard: Plex's view of each session beside Doorman's, the flagged one, live traffic and drift. */
class ConsoleDashboardTest extends BrowserTestBase {

    static final String SESSIONS = "[{\"user\":\"alice\",\"title\":\"Arrival\",\"bandwidthKbps\":8200,"
            + "\"plex\":{\"location\":\"wan\",\"local\":false,\"relayed\":false,\"secure\":true,"
            + "\"address\":\"198.51.100.23\"},\"doorman\":{\"forwardedAddress\":\"198.51.100.23\","
            + "\"inLanNetworks\":false},\"warning\":null},"
            + "{\"user\":\"bob\",\"title\":\"Dune\",\"bandwidthKbps\":20000,"
            + "\"plex\":{\"location\":\"lan\",\"local\":true,\"relayed\":false,\"secure\":true,"
            + "\"address\":\"100.101.5.6\"},\"doorman\":{\"forwardedAddress\":\"203.0.113.50\","
            + "\"inLanNetworks\":true},\"warning\":\"Plex says LAN for a client Doorman saw arrive from "
            + "203.0.113.50: remove 100.64.0.0/10 from LAN Networks\"}]";

    @Test
    void aRemoteSessionAndAFlaggedOneAreShownSideBySide() throws Exception {
        stub.state().withSessions(SESSIONS);
        logIn();
        awaitCount("[data-test=session-row]", 2);
        WebElement alice = browser.waitVisible("[data-test=session-row][data-user=alice]");
        assertThat(cells(alice)).containsExactly("alice", "Arrival", "8.2k kbps", "Remote (WAN)", "No", "No", "Yes",
                "198.51.100.23", "198.51.100.23", "No");
        assertThat(browser.all("[data-test=session-warning][data-user=alice]")).isEmpty();
        WebElement bob = browser.waitVisible("[data-test=session-row][data-user=bob]");
        assertThat(cells(bob)).containsExactly("bob", "Dune", "20.0k kbps", "Local (LAN)", "Yes", "No", "Yes",
                "100.101.5.6", "203.0.113.50", "Yes");
        WebElement warning = browser.waitVisible("[data-test=session-warning][data-user=bob]");
        assertThat(warning.getText()).isEqualTo("⚠ Warning: Plex says LAN for a client Doorman saw arrive from "
                + "203.0.113.50: remove 100.64.0.0/10 from LAN Networks");
        assertThat((String) browser.script("return arguments[0].previousElementSibling.dataset.user", warning))
                .isEqualTo("bob");
        screenshots("dashboard-sessions");
    }

    @Test
    void trafficSessionsAndDriftArriveLiveOverServerSentEvents() throws Exception {
        logIn();
        browser.byTest("sessions-empty");
        Awaitility.await("the page's EventSource").atMost(Duration.ofSeconds(10)).until(() -> stub.eventClients() == 1);
        Awaitility.await().until(() -> browser.byTest("live-status").getText().equals("Live"));
        for (int i = 1; i <= 5; i++) {
            stub.sendEvent("traffic", "{\"t\":" + (1_700_000_000 + 2 * i) + ",\"requestsPerSecond\":" + (10 * i)
                    + ",\"bytesPerSecond\":" + (250_000 * i) + ",\"errorsPerSecond\":" + (i % 2) + "}");
            int n = i;
            Awaitility.await().until(() -> browser.byTest("traffic-chart").getAttribute("data-points")
                    .equals(String.valueOf(n)));
        }
        assertThat(browser.byTest("chart-value-requestsPerSecond").getText()).isEqualTo("50/s");
        assertThat(browser.byTest("chart-value-errorsPerSecond").getText()).isEqualTo("1/s");
        assertThat(browser.byTest("chart-value-bytesPerSecond").getText()).isEqualTo("1.3MB/s");
        String line = (String) browser.script("return document.querySelector('[data-test=traffic-chart] "
                + ".series-0').getAttribute('points')");
        assertThat(line.split(" ")).hasSize(5);

        stub.sendEvent("sessions", "{\"sessions\":" + SESSIONS + "}");
        awaitCount("[data-test=session-row]", 2);
        browser.waitVisible("[data-test=session-warning][data-user=bob]");

        stub.sendEvent("drift", "{\"status\":\"drift\",\"details\":[\"Relay is on (want off)\"]}");
        Awaitility.await().until(() -> browser.byTest("drift").getAttribute("data-status").equals("drift"));
        assertThat(browser.byTest("drift-details").getText()).isEqualTo("Relay is on (want off)");
        screenshots("dashboard-live");

        browser.byTest("nav-hosts").click();
        Awaitility.await("the EventSource closed when leaving").atMost(Duration.ofSeconds(10))
                .until(() -> stub.eventClients() == 0);
    }

    private static java.util.List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }
}
