package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * One headless Chromium and one real {@code doorman serve} ({@link ServedConsole}) per test class; every test must
 * leave no JS error. Tests share the class's serve, so each names its own hosts and asserts about those.
 */
abstract class BrowserTestBase {

    @TempDir
    static Path dir;
    static ConsoleBrowser browser;
    static ServedConsole console;

    @BeforeAll
    static void startBrowserAndServe() throws Exception {
        browser = ConsoleBrowser.start();
        console = ServedConsole.start(dir, Map.of());
    }

    @AfterAll
    static void stopBrowserAndServe() throws Exception {
        try {
            if (console != null) {
                console.close();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @BeforeEach
    void freshBrowser() {
        browser.reset();
        browser.desktopWidth();
        browser.clearLog();
    }

    @AfterEach
    void noJavaScriptErrors() {
        assertThat(browser.jsErrors()).as("JavaScript errors in the browser console").isEmpty();
    }

    /** Opens a console route, e.g. {@code open("#/hosts")}. */
    static void open(String hash) {
        browser.open(console.url() + "/" + hash);
    }

    /** Makes sure the admin exists, then logs in through the login page; lands on the dashboard. */
    static void logIn() throws Exception {
        console.adminSession();
        open("#/login");
        type(browser.byTest("login-password"), ServedConsole.PASSWORD);
        browser.byTest("login-submit").click();
        awaitHash("#/dashboard");
        browser.byTest("nav-hosts");
    }

    /** The browser's session cookie (HttpOnly, so read through WebDriver), for checks through the API. */
    static String browserSession() {
        Cookie c = browser.driver().manage().getCookieNamed("doorman_session");
        assertThat(c).as("the doorman_session cookie").isNotNull();
        return c.getValue();
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

    /** Waits (up to 10 s) until nothing matches the CSS selector. */
    static void awaitGone(String css) {
        awaitCount(css, 0);
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
