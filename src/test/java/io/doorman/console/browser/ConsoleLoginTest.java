package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/** Login: where an unauthenticated browser lands, wrong passwords, the throttle, and a session that ends. */
class ConsoleLoginTest extends BrowserTestBase {

    @Test
    void anUnauthenticatedBrowserIsSentToLogin() {
        stub.state().setUp();
        open("#/hosts");
        awaitHash("#/login");
        assertThat(browser.byTest("login-form").isDisplayed()).isTrue();
        assertThat(browser.all("#nav:not([hidden])")).isEmpty();
        assertThat(stub.calls()).extracting(StubConsoleApi.Call::path).doesNotContain("/api/hosts");
        screenshots("login");
    }

    @Test
    void aConsoleWithoutAdminIsSentToTheSetupWizard() {
        open("#/dashboard");
        awaitHash("#/setup");
        assertThat(browser.byTest("wizard-step-0").getText()).contains("Setup code");
    }

    @Test
    void aWrongPasswordIsShownNextToThePasswordField() {
        stub.state().setUp();
        open("#/login");
        browser.byTest("login-password").sendKeys("not the password", Keys.ENTER);
        assertThat(browser.waitVisible(".field-error[data-error-for=password]").getText()).isEqualTo("wrong password");
        assertThat(browser.byTest("login-password").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.hash()).isEqualTo("#/login");
    }

    @Test
    void theThrottleSaysWhenToTryAgain() {
        stub.state().setUp();
        open("#/login");
        for (int i = 1; i <= 6; i++) {
            type(browser.byTest("login-password"), "wrong " + i);
            browser.byTest("login-submit").click();
            int attempt = i;
            org.awaitility.Awaitility.await().until(() -> stub.calls().stream()
                    .filter(c -> c.path().equals("/api/login")).count() == attempt);
        }
        assertThat(browser.waitVisible(".field-error[data-error-for=password]").getText())
                .isEqualTo("too many attempts Try again in 300 s.");
    }

    @Test
    void theKeyboardAloneLogsIn() {
        stub.state().setUp();
        open("#/login");
        browser.byTest("login-password");
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("login-password");
        browser.driver().switchTo().activeElement().sendKeys(StubState.PASSWORD, Keys.ENTER);
        awaitHash("#/dashboard");
        StubConsoleApi.Call login = stub.awaitCall("POST", "/api/login");
        assertThat(login.json().path("password").asText()).isEqualTo(StubState.PASSWORD);
    }

    @Test
    void aSessionThatEndsSendsTheBrowserBackToLogin() {
        logIn();
        stub.endSessions();
        browser.byTest("nav-hosts").click();
        awaitHash("#/login");
        assertThat(browser.byTest("login-form").isDisplayed()).isTrue();
    }

    @Test
    void logOutSendsTheCsrfTokenAndShowsLogin() {
        logIn();
        browser.byTest("logout").click();
        awaitHash("#/login");
        StubConsoleApi.Call logout = stub.awaitCall("POST", "/api/logout");
        assertThat(logout.csrfHeader()).isNotBlank();
        assertThat(logout.withSession()).isTrue();
    }
}
