package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness itself: it catches JS errors and CSP violations, screenshots, and really goes 360 px wide. */
class ConsoleBrowserTest extends BrowserTestBase {

    @BeforeAll
    static void anAdminExists() throws Exception {
        console.adminSession();
    }

    @Test
    void anUncaughtExceptionAndConsoleErrorAreCaught() {
        open("#/login");
        browser.byTest("login-form");
        browser.script("setTimeout(() => { throw new Error('boom from the test'); }); console.error('said as error');");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> browser.jsErrors().size() >= 2);
        assertThat(browser.jsErrors()).extracting(ConsoleBrowser.ConsoleEntry::text)
                .anySatisfy(t -> assertThat(t).contains("boom from the test"))
                .anySatisfy(t -> assertThat(t).contains("said as error"));
        browser.clearLog();
    }

    @Test
    void theStrictCspIsInForceAndItsViolationsAreCaught() {
        open("#/login");
        browser.byTest("login-form");
        browser.script("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                + "document.body.append(s);");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !browser.jsErrors().isEmpty());
        assertThat(browser.script("return window.inlineRan === true")).isEqualTo(false);
        assertThat(browser.jsErrors()).extracting(ConsoleBrowser.ConsoleEntry::text)
                .anySatisfy(t -> assertThat(t).contains("Content Security Policy"));
        browser.clearLog();
    }

    @Test
    void aUiFileThatFailsToLoadIsAnErrorButAnApi401IsNot() {
        open("#/login");
        browser.byTest("login-form");
        browser.script("fetch('/api/hosts'); const l = document.createElement('link'); l.rel = 'stylesheet';"
                + "l.href = '/ui/missing.css'; document.head.append(l);");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !browser.jsErrors().isEmpty()
                && browser.consoleLog().stream().anyMatch(e -> e.text().contains("/api/hosts")));
        assertThat(browser.consoleLog()).extracting(ConsoleBrowser.ConsoleEntry::text)
                .anySatisfy(t -> assertThat(t).contains("401", "/api/hosts"));
        // serve answers the missing file 404 as text/plain with nosniff, so Chromium may say either.
        assertThat(browser.jsErrors()).extracting(ConsoleBrowser.ConsoleEntry::text).isNotEmpty()
                .allSatisfy(t -> assertThat(t).contains("/ui/missing.css").doesNotContain("/api/hosts"));
        browser.clearLog();
    }

    @Test
    void phoneWidthIs360CssPixelsAndScreenshotsAreWritten() throws Exception {
        open("#/login");
        browser.byTest("login-form");
        browser.phoneWidth();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> browser.widths()[1] == 360);
        var file = browser.screenshot("harness-phone");
        assertThat(Files.size(file)).isGreaterThan(1000);
        byte[] head = Files.readAllBytes(file);
        assertThat(head[1]).isEqualTo((byte) 'P');
        browser.desktopWidth();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> browser.widths()[1] > 1000);
    }
}
