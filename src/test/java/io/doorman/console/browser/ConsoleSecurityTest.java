package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PlexTokens;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Security against the real serve with Live TV on (a Live TV host, the stored owner token, a restart): bad-token
 * Live TV requests through the proxy are audited by fingerprint and, at serve's threshold of 2, blocked; Unblock
 * lifts the block, which {@code GET /api/blocks} then agrees with.
 */
class ConsoleSecurityTest extends BrowserTestBase {

    private static final String LIVE_TV_HOST = "tv.example.com";
    private static final AtomicInteger BAD_TOKENS = new AtomicInteger();

    @BeforeAll
    static void liveTvIsOn() throws Exception {
        console.storeOwnerToken();
        console.admin("POST", "/api/hosts", "{\"name\":\"tv\",\"domains\":[\"" + LIVE_TV_HOST + "\"],\"upstream\":\""
                + console.pms().baseUri() + "\",\"plexMode\":{\"liveTv\":true}}");
        // serve turns Live TV on at start, with the owner token the wizard stored.
        console.restart();
    }

    /** Sends Live TV requests from {@code source}, each with a new bad token, until serve answers 429. */
    private static void blockedAfterBadTokens(String source) {
        Awaitility.await(source + " blocked").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> liveTvRequest(source, "bad-token-" + BAD_TOKENS.incrementAndGet()) == 429);
    }

    private static int liveTvRequest(String source, String token) throws Exception {
        return console.throughProxy(LIVE_TV_HOST, "/livetv/dvrs", Map.of("X-Forwarded-For", source,
                "X-Plex-Token", token));
    }

    @Test
    void auditEventsShowFingerprintsNeverTokensAndTheFilterNarrowsThem() throws Exception {
        blockedAfterBadTokens("203.0.113.10");
        // The audit stays; the block goes, so the other test finds only its own.
        console.admin("DELETE", "/api/blocks/203.0.113.10", null);
        logIn();
        open("#/security");
        Awaitility.await("audit rows").atMost(Duration.ofSeconds(10))
                .until(() -> browser.all("[data-test=audit-row][data-outcome=deny_unauthorized_token]").size() >= 2);
        String table = browser.byTest("audit-table").getText();
        assertThat(table).contains(PlexTokens.fingerprint("bad-token-1"), "/livetv/dvrs").doesNotContain("bad-token-")
                .doesNotContain(ServedConsole.OWNER_TOKEN);
        new Select(browser.byTest("audit-outcome")).selectByValue("bad_actor_blocked");
        Awaitility.await("only blocks").atMost(Duration.ofSeconds(10)).until(() -> {
            var rows = browser.all("[data-test=audit-row]");
            return !rows.isEmpty() && rows.stream().allMatch(r -> "bad_actor_blocked".equals(
                    r.getAttribute("data-outcome")));
        });
        new Select(browser.byTest("audit-outcome")).selectByValue("deny_unauthorized_token");
        Awaitility.await("only denials").atMost(Duration.ofSeconds(10)).until(() -> {
            var rows = browser.all("[data-test=audit-row]");
            return !rows.isEmpty() && rows.stream().allMatch(r -> "deny_unauthorized_token".equals(
                    r.getAttribute("data-outcome")));
        });
        assertThat(browser.byTest("audit-chart").getAttribute("data-points")).isEqualTo("60");
        screenshots("security");
    }

    @Test
    void unblockLiftsTheBlockAndTheApiAgrees() throws Exception {
        String source = "203.0.113.9";
        blockedAfterBadTokens(source);
        assertThat(console.admin("GET", "/api/blocks", null).findValuesAsText("source")).contains(source);
        logIn();
        open("#/security");
        WebElement row = browser.waitVisible("[data-test=block-row][data-source='" + source + "']");
        assertThat(row.getText()).contains(source);
        screenshots("security-blocked");
        browser.waitVisible("[data-test=unblock][data-source='" + source + "']").click();
        awaitGone("[data-test=block-row][data-source='" + source + "']");
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.byTest("announcer").getText().equals(source + " unblocked"));
        browser.byTest("blocks-empty");
        assertThat(console.admin("GET", "/api/blocks", null).path("blocks")).isEmpty();
        assertThat(liveTvRequest(source, "bad-token-" + BAD_TOKENS.incrementAndGet()))
                .as("no longer blocked: judged by its token again").isNotEqualTo(429);
    }
}
