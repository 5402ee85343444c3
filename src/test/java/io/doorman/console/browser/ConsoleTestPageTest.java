package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Test page against the real serve: the validator and doctor run for a host whose public URL does not resolve
 * ({@code .invalid} never does), and the page shows each check with its fix as its ndjson line arrives, then the
 * summary.
 */
class ConsoleTestPageTest extends BrowserTestBase {

    private static final String RESULTS = "[data-test=check-result]";

    @BeforeAll
    static void aHostNobodyCanReachAndTheOwnerToken() throws Exception {
        console.storeOwnerToken();
        console.createHost("nowhere", "plex.invalid");
        console.createHost("attic", "attic.invalid");
    }

    @Test
    void eachCheckAndItsFixAppearWhileTheRunGoesOnThenTheSummary() throws Exception {
        logIn();
        open("#/test");
        WebElement run = browser.waitVisible("[data-test=run-test][data-host=nowhere]");
        // What the page showed each time its results changed: how many checks, and the status line then.
        browser.script("window.seen = []; const box = document.querySelector('[data-test=test-results]');"
                + "new MutationObserver(() => window.seen.push({ n: box.children.length,"
                + " status: document.querySelector('[data-test=test-status]').textContent,"
                + " otherDisabled: document.querySelector('[data-test=run-test][data-host=attic]').disabled }))"
                + ".observe(box, { childList: true });");
        run.click();
        Awaitility.await("the summary").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.byTest("test-status").getText().matches("nowhere: \\d+ passed, \\d+ failed\\."));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = (List<Map<String, Object>>) browser.script("return window.seen");
        assertThat(seen).as("results shown before the run ended").anySatisfy(s -> {
            assertThat(((Number) s.get("n")).intValue()).isPositive();
            assertThat(s.get("status")).isEqualTo("Running the checks for nowhere…");
            assertThat(s.get("otherDisabled")).as("one run at a time").isEqualTo(true);
        });
        List<WebElement> results = browser.all(RESULTS);
        assertThat(results).isNotEmpty();
        WebElement first = results.get(0);
        assertThat(first.getAttribute("data-check")).isEqualTo("validate.could-not-run");
        assertThat(first.getAttribute("data-status")).isEqualTo("fail");
        assertThat(first.findElement(By.cssSelector("[data-test=check-message]")).getText()).contains("plex.invalid");
        assertThat(first.findElement(By.cssSelector("[data-test=check-fix]")).getText())
                .startsWith("Fix: check that the frontend for plex.invalid runs");
        int failed = (int) results.stream().filter(r -> r.getAttribute("data-status").equals("fail")).count();
        int passed = (int) results.stream().filter(r -> r.getAttribute("data-status").equals("pass")).count();
        assertThat(browser.byTest("test-status").getText())
                .isEqualTo("nowhere: " + passed + " passed, " + failed + " failed.");
        assertThat(results).filteredOn(r -> r.getAttribute("data-status").equals("pass"))
                .allSatisfy(r -> assertThat(r.findElements(By.cssSelector("[data-test=check-fix]"))).isEmpty());
        assertThat(browser.byTest("test-results").getText()).doesNotContain(ServedConsole.OWNER_TOKEN);
        assertThat(browser.waitVisible("[data-test=run-test][data-host=attic]").isEnabled()).isTrue();
        assertThat(browser.byTest("test-results").getAttribute("aria-live")).isEqualTo("polite");
        WebElement tls = browser.waitVisible(RESULTS + "[data-check='frontdoor.certificate']");
        assertThat(tls.getAttribute("data-status")).isEqualTo("fail");
        assertThat(tls.findElement(By.cssSelector("[data-test=check-message]")).getText())
                .contains("plex.invalid:443", "host unknown");
        assertThat(tls.findElement(By.cssSelector("[data-test=check-fix]")).getText()).startsWith("Fix: ");
        assertThat(results).filteredOn(r -> r.getAttribute("data-status").equals("fail")).as("every failure's fix")
                .allSatisfy(r -> assertThat(r.findElements(By.cssSelector("[data-test=check-fix]"))).hasSize(1));
        screenshots("test-results");
    }
}
