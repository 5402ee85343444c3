package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login throttle as the page shows it. A class of its own: serve then refuses every login from 127.0.0.1 for
 * five minutes, which would fail any later login on the same serve.
 */
class ConsoleLoginThrottleTest extends BrowserTestBase {

    @BeforeAll
    static void anAdminExists() throws Exception {
        console.adminSession();
    }

    @Test
    void afterFiveWrongPasswordsThePageSaysWhenToTryAgainAndTheRightOneIsRefusedToo() {
        open("#/login");
        for (int i = 1; i <= 5; i++) {
            type(browser.byTest("login-password"), "wrong password " + i);
            // Submitting clears the last error at once; it comes back with serve's answer to this attempt.
            browser.byTest("login-submit").click();
            awaitPasswordError("attempt " + i, "wrong password");
        }
        type(browser.byTest("login-password"), ServedConsole.PASSWORD);
        browser.byTest("login-submit").click();
        String said = awaitPasswordError("the throttle's answer", "too many");
        assertThat(said).matches("too many wrong passwords from this address; try again in \\d+ s");
        assertThat(browser.hash()).isEqualTo("#/login");
        screenshots("login-throttled");
    }

    /** Waits for the password's error to show, starting with {@code start}; returns it. */
    private static String awaitPasswordError(String what, String start) {
        String css = ".field-error[data-error-for=password]";
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).until(() -> browser.all(css).stream()
                .anyMatch(e -> e.isDisplayed() && e.getText().startsWith(start)));
        return browser.all(css).get(0).getText();
    }
}
