package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Login against the real serve: where an unauthenticated browser lands, a wrong password, the keyboard alone, a
 * session the server ends, logging out, and a change without the CSRF header refused although the cookie is sent.
 */
class ConsoleLoginTest extends BrowserTestBase {

    @BeforeAll
    static void anAdminExists() throws Exception {
        console.adminSession();
    }

    @Test
    void anUnauthenticatedBrowserIsSentToLoginAndTheApiSays401() {
        open("#/hosts");
        awaitHash("#/login");
        assertThat(browser.byTest("login-form").isDisplayed()).isTrue();
        assertThat(browser.all("#nav:not([hidden])")).isEmpty();
        assertThat(browser.all("[data-test=host-row]")).isEmpty();
        assertThat(fetchStatus("GET", "/api/hosts", null, false)).isEqualTo(401);
        screenshots("login");
    }

    @Test
    void aWrongPasswordIsShownNextToThePasswordField() {
        open("#/login");
        browser.byTest("login-password").sendKeys("not the password", Keys.ENTER);
        assertThat(browser.waitVisible(".field-error[data-error-for=password]").getText()).isEqualTo("wrong password");
        assertThat(browser.byTest("login-password").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.hash()).isEqualTo("#/login");
        assertThat(browser.driver().manage().getCookieNamed("doorman_session")).isNull();
    }

    @Test
    void theKeyboardAloneLogsIn() throws Exception {
        open("#/login");
        browser.byTest("login-password");
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("login-password");
        browser.driver().switchTo().activeElement().sendKeys(ServedConsole.PASSWORD, Keys.ENTER);
        awaitHash("#/dashboard");
        JsonNode session = ServedConsole.JSON.readTree(console.get("/api/session", browserSession()).body());
        assertThat(session.path("authenticated").asBoolean()).isTrue();
    }

    @Test
    void aSessionTheServerEndsSendsTheBrowserBackToLogin() throws Exception {
        logIn();
        String cookie = browserSession();
        // The same session logged out elsewhere (another tab, or the server forgetting it).
        assertThat(console.post("/api/logout", "{}", cookie, console.csrf(cookie)).statusCode()).isEqualTo(204);
        browser.byTest("nav-hosts").click();
        awaitHash("#/login");
        assertThat(browser.byTest("login-form").isDisplayed()).isTrue();
    }

    @Test
    void logOutEndsTheSessionOnTheServer() throws Exception {
        logIn();
        String cookie = browserSession();
        browser.byTest("logout").click();
        awaitHash("#/login");
        // Had the page not sent its CSRF token, serve would have refused (403) and the session would live on.
        Awaitility.await("the session ended").atMost(Duration.ofSeconds(10)).until(() -> !ServedConsole.JSON
                .readTree(console.get("/api/session", cookie).body()).path("authenticated").asBoolean());
        assertThat(console.get("/api/hosts", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aChangeWithoutTheCsrfHeaderIsRefusedThoughTheCookieIsSent() throws Exception {
        logIn();
        String host = "{\"name\":\"forged\",\"domains\":[\"forged.example.com\"],\"upstream\":\""
                + console.pms().baseUri() + "\"}";
        assertThat(fetchStatus("POST", "/api/hosts", host, false)).as("cookie, no X-CSRF-Token").isEqualTo(403);
        assertThat(fetchStatus("DELETE", "/api/blocks/203.0.113.1", null, false)).isEqualTo(403);
        open("#/hosts");
        browser.byTest("host-new");
        assertThat(browser.all("[data-host=forged]")).isEmpty();
        assertThat(console.admin("GET", "/api/hosts", null).findValuesAsText("name")).doesNotContain("forged");
        // The page's own calls carry the token: the same request through the page's form is taken.
        assertThat(fetchStatus("POST", "/api/hosts", host, true)).isEqualTo(201);
        assertThat(console.admin("GET", "/api/hosts", null).findValuesAsText("name")).contains("forged");
        console.admin("DELETE", "/api/hosts/forged", null);
    }

    /** A same-origin {@code fetch} from the page, with the browser's cookie, with or without the page's CSRF token. */
    private static long fetchStatus(String method, String path, String body, boolean withCsrf) {
        return (Long) browser.asyncScript("const [method, path, body, withCsrf, done] = arguments;"
                + "(async () => {"
                + "  const headers = { 'Content-Type': 'application/json' };"
                + "  if (withCsrf) {"
                + "    const s = await (await fetch('/api/session', { credentials: 'same-origin' })).json();"
                + "    headers['X-CSRF-Token'] = s.csrfToken;"
                + "  }"
                + "  const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body || undefined });"
                + "  return r.status;"
                + "})().then(done, e => done(-1));", method, path, body, withCsrf);
    }
}
