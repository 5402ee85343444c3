package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebElement;

/** One headless Chromium and one {@link StubConsoleApi} per test class; every test must leave no JS error. */
abstract class BrowserTestBase {

    static ConsoleBrowser browser;
    static StubConsoleApi stub;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = ConsoleBrowser.start();
        stub = StubConsoleApi.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (stub != null) {
            stub.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshConsole() {
        stub.reset();
        browser.reset();
        browser.desktopWidth();
        browser.clearLog();
    }

    @AfterEach
    void noJavaScriptErrorsAndEveryChangeCarriedTheCsrfToken() {
        assertThat(browser.jsErrors()).as("JavaScript errors in the browser console").isEmpty();
        assertThat(stub.calls()).as("changes without the session's X-CSRF-Token")
                .filteredOn(c -> !c.method().equals("GET") && !c.path().equals("/api/login")
                        && !c.path().equals("/api/setup") && c.withSession())
                .allSatisfy(c -> assertThat(c.csrfValid()).as(c.method() + " " + c.path()).isTrue());
    }

    /** Opens a console route, e.g. {@code open("#/hosts")}. */
    static void open(String hash) {
        browser.open(stub.origin() + "/" + hash);
    }

    /** Sets the stub up as configured and logs in through the login page; lands on the dashboard. */
    static void logIn() {
        stub.state().setUp();
        open("#/login");
        type(browser.byTest("login-password"), StubState.PASSWORD);
        browser.byTest("login-submit").click();
        awaitHash("#/dashboard");
        browser.byTest("nav-hosts");
    }

    /** Replaces an input's text. */
    static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    /** Waits (up to 10 s) for the location's hash. */
    static void awaitHash(String hash) {
        Awaitility.await("location " + hash).atMost(Duration.ofSeconds(10)).until(() -> browser.hash().equals(hash));
    }

    /** Waits (up to 10 s) until the CSS selector matches exactly {@code n} elements. */
    static void awaitCount(String css, int n) {
        Awaitility.await(n + " × " + css).atMost(Duration.ofSeconds(10)).until(() -> browser.all(css).size() == n);
    }

    /** Screenshots at desktop width, then at phone width, where nothing may overflow sideways. */
    static void screenshots(String name) {
        browser.screenshot(name);
        browser.phoneWidth();
        try {
            Awaitility.await(name + " at 360 px").atMost(Duration.ofSeconds(5))
                    .until(() -> browser.widths()[0] == ConsoleBrowser.PHONE_WIDTH);
            browser.screenshot(name + "-phone");
            long[] w = browser.widths();
            assertThat(Math.max(w[1], w[2])).as("page width at 360 px; wider: %s", browser.script(
                    "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                            + "screen.width + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id "
                            + "+ '[' + (e.dataset.test || '') + ']').join(', ')"))
                    .isLessThanOrEqualTo(ConsoleBrowser.PHONE_WIDTH);
        } finally {
            browser.desktopWidth();
        }
    }
}
