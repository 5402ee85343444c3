package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Test page: each check appears, with its fix, as its ndjson line arrives, then the summary. */
class ConsoleTestPageTest extends BrowserTestBase {

    private static final String RESULTS = "[data-test=check-result]";

    @Test
    void resultsAppearOneByOneAsTheLinesArrive() {
        logIn();
        stub.state().withHost("plex", "plex.example.com").withHost("attic", "attic.example.com");
        open("#/test");
        browser.waitVisible("[data-test=run-test][data-host=plex]").click();
        StubConsoleApi.Call run = stub.awaitCall("POST", "/api/hosts/plex/test");
        assertThat(run.csrfValid()).isTrue();
        assertThat(browser.byTest("test-status").getText()).isEqualTo("Running the checks for plex…");
        assertThat(browser.waitVisible("[data-test=run-test][data-host=attic]").isEnabled()).isFalse();

        stub.sendTestLine("{\"check\":\"frontdoor.https\",\"status\":\"pass\",\"message\":\"HTTPS answers with a "
                + "valid certificate\",\"fix\":\"\"}");
        awaitCount(RESULTS, 1);
        // The stream is still open: the page shows the first result before the second exists.
        assertThat(browser.byTest("test-status").getText()).isEqualTo("Running the checks for plex…");

        stub.sendTestLine("{\"check\":\"frontdoor.websocket\",\"status\":\"fail\",\"message\":\"the WebSocket "
                + "upgrade got 403\",\"fix\":\"Enable WebSocket support for this host\"}");
        awaitCount(RESULTS, 2);
        stub.sendTestLine("{\"check\":\"plex.customUrl\",\"status\":\"warn\",\"message\":\"custom URL not set\","
                + "\"fix\":\"Add https://plex.example.com:443 in Plex\"}");
        awaitCount(RESULTS, 3);
        stub.sendTestLine("{\"done\":true,\"passed\":1,\"failed\":1}");
        org.awaitility.Awaitility.await().until(() -> browser.byTest("test-status").getText()
                .equals("plex: 1 passed, 1 failed."));

        WebElement failed = browser.all(RESULTS).get(1);
        assertThat(failed.getAttribute("data-status")).isEqualTo("fail");
        assertThat(failed.findElement(By.cssSelector("[data-test=check-message]")).getText())
                .isEqualTo("the WebSocket upgrade got 403");
        assertThat(failed.findElement(By.cssSelector("[data-test=check-fix]")).getText())
                .isEqualTo("Fix: Enable WebSocket support for this host");
        assertThat(browser.all(RESULTS)).extracting(e -> e.getAttribute("data-check"))
                .containsExactly("frontdoor.https", "frontdoor.websocket", "plex.customUrl");
        assertThat(browser.all(RESULTS).get(0).findElements(By.cssSelector("[data-test=check-fix]"))).isEmpty();
        assertThat(browser.waitVisible("[data-test=run-test][data-host=attic]").isEnabled()).isTrue();
        assertThat(browser.byTest("test-results").getAttribute("aria-live")).isEqualTo("polite");
        screenshots("test-results");
    }
}
