package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** Hosts: create, edit, delete, the Media Server Settings, the generated config and its Copy buttons, Apply. */
class ConsoleHostsTest extends BrowserTestBase {

    @Test
    void creatingAHostSendsTheHostObjectWithTheCsrfHeader() {
        logIn();
        open("#/hosts");
        browser.byTest("hosts-empty");
        browser.byTest("host-new").click();
        awaitHash("#/hosts/new");
        type(browser.byTest("host-name"), "plex");
        type(browser.byTest("host-domain"), "plex.example.com");
        assertThat(browser.byTest("form-custom-url").getText()).isEqualTo("https://plex.example.com:443");
        browser.byTest("live-tv").click();
        new Select(browser.byTest("host-frontend")).selectByValue("nginx");
        browser.waitVisible("[data-test=advanced-settings] summary").click();
        type(browser.byTest("host-lan-aliases"), "plex.home, plex.lan");
        screenshots("hosts-new");
        browser.byTest("host-save").click();

        StubConsoleApi.Call create = stub.awaitCall("POST", "/api/hosts");
        assertThat(create.csrfValid()).isTrue();
        JsonNode h = create.json();
        assertThat(h.toString()).isEqualTo("{\"name\":\"plex\",\"domains\":[\"plex.example.com\"],\"port\":443,"
                + "\"upstream\":\"http://127.0.0.1:32400\",\"upstreamSkipVerify\":false,\"frontend\":\"nginx\","
                + "\"plexMode\":{\"forwardClientIp\":true,\"webSockets\":true,\"liveTv\":true,"
                + "\"lanAliases\":[\"plex.home\",\"plex.lan\"],\"publicHostGuard\":false}}");
        awaitHash("#/hosts/plex");
        assertThat(browser.byTest("host-row").getText()).contains("plex", "plex.example.com", "nginx");
    }

    @Test
    void theMediaServerSettingsHaveExactlyTheSeedsFiveControls() {
        logIn();
        stub.state().withHost("plex", "plex.example.com");
        open("#/hosts/plex");
        WebElement media = browser.byTest("media-settings");
        assertThat(media.getAttribute("open")).isNotNull();
        assertThat(media.findElements(org.openqa.selenium.By.cssSelector("label")))
                .extracting(WebElement::getText).containsExactly("Enable Plex Mode", "External Domain for Plex",
                        "Forward client IP headers (recommended)", "Enable WebSocket support",
                        "Live TV for shared users");
        assertThat(browser.all("[data-test=forward-warning]").get(0).isDisplayed()).isFalse();
        browser.byTest("forward-client-ip").click();
        assertThat(browser.byTest("forward-warning").getText()).contains("Local");
        browser.byTest("plex-mode").click();
        assertThat(browser.byTest("websockets").isEnabled()).isFalse();
        media.findElement(org.openqa.selenium.By.tagName("summary")).click();
        Awaitility.await().until(() -> media.getAttribute("open") == null);
        assertThat(browser.all("[data-test=websockets]").get(0).isDisplayed()).isFalse();
    }

    @Test
    void theConfigAndCustomUrlShownAreTheApisAndCopyPutsThemInTheClipboard() {
        logIn();
        stub.state().withHost("plex", "plex.example.com");
        browser.grantClipboard(stub.origin());
        open("#/hosts/plex");
        WebElement text = browser.byTest("config-text");
        assertThat(stub.awaitCall("GET", "/api/hosts/plex/frontend").query()).isEqualTo("kind=caddy");
        String caddyfile = "plex.example.com {\n\treverse_proxy 127.0.0.1:33240 {\n"
                + "\t\theader_up X-Forwarded-For {remote_host}\n\t\theader_up X-Real-IP {remote_host}\n\t}\n}\n";
        assertThat(browser.script("return arguments[0].textContent", text)).isEqualTo(caddyfile);
        assertThat(browser.byTest("custom-url").getText()).isEqualTo("https://plex.example.com:443");
        assertThat(browser.byTest("config-warning").getText())
                .isEqualTo("Plex must list https://plex.example.com:443 in Custom server access URLs.");
        screenshots("hosts-config");

        browser.byTest("copy-custom-url").click();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.clipboardText().equals("https://plex.example.com:443"));
        browser.byTest("copy-file").click();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> browser.clipboardText().equals(caddyfile));
        assertThat(browser.waitVisible("[data-test=copy-file] + .copy-status").getText()).isEqualTo("Copied");
    }

    @Test
    void anotherKindIsFetchedAndApplyToCaddyOnlyShowsWhereItCanApply() {
        logIn();
        stub.state().withHost("plex", "plex.example.com");
        open("#/hosts/plex");
        browser.byTest("apply-caddy").click();
        StubConsoleApi.Call apply = stub.awaitCall("POST", "/api/hosts/plex/apply");
        assertThat(apply.csrfValid()).isTrue();
        Awaitility.await().until(() -> browser.byTest("apply-result").getText()
                .contains("Caddy now serves plex.example.com"));
        assertThat(browser.byTest("apply-result").getText()).contains("+ site plex.example.com");

        new Select(browser.byTest("config-kind")).selectByValue("traefik");
        stub.awaitCall(c -> "kind=traefik".equals(c.query()), "the traefik config");
        Awaitility.await().until(() -> browser.byTest("config-file").getAttribute("data-name").equals("traefik.conf"));
        assertThat(browser.all("[data-test=apply-caddy]")).isEmpty();
    }

    @Test
    void editingSendsPutAndAnApiErrorIsShownAtItsField() {
        logIn();
        stub.state().withHost("plex", "plex.example.com");
        open("#/hosts/plex");
        assertThat(browser.byTest("host-name").getAttribute("readonly")).isNotNull();
        type(browser.byTest("host-port"), "8443");
        browser.byTest("websockets").click();
        browser.byTest("host-save").click();
        StubConsoleApi.Call put = stub.awaitCall("PUT", "/api/hosts/plex");
        assertThat(put.json().path("port").asInt()).isEqualTo(8443);
        assertThat(put.json().path("plexMode").path("webSockets").asBoolean()).isFalse();
        assertThat(put.json().has("customUrl")).isFalse();
        Awaitility.await().until(() -> browser.byTest("custom-url").getText().equals("https://plex.example.com:8443"));

        browser.byTest("host-new").click();
        type(browser.byTest("host-name"), "second");
        type(browser.byTest("host-domain"), "Not A Domain");
        browser.byTest("host-save").click();
        WebElement error = browser.waitVisible(".field-error[data-error-for=domains]");
        assertThat(error.getText()).isEqualTo("'Not A Domain' is not a domain name");
        assertThat(browser.byTest("host-domain").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("host-domain");
        screenshots("hosts-field-error");
    }

    @Test
    void theKeyboardAloneFoldsTheSettingsAndCopies() {
        logIn();
        stub.state().withHost("plex", "plex.example.com");
        browser.grantClipboard(stub.origin());
        open("#/hosts/plex");
        WebElement media = browser.byTest("media-settings");
        WebElement summary = media.findElement(org.openqa.selenium.By.tagName("summary"));
        browser.script("arguments[0].focus()", summary);
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        Awaitility.await().until(() -> media.getAttribute("open") == null);
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        Awaitility.await().until(() -> media.getAttribute("open") != null);
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("plex-mode");
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.SPACE);
        assertThat(browser.byTest("plex-mode").isSelected()).isFalse();
        WebElement copy = browser.byTest("copy-custom-url");
        browser.script("arguments[0].focus()", copy);
        assertThat((Boolean) browser.script("return arguments[0].matches(':focus-visible')", copy)).isTrue();
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.clipboardText().equals("https://plex.example.com:443"));
    }

    @Test
    void deletingAsksOnceMoreThenSendsDelete() {
        logIn();
        stub.state().withHost("plex", "plex.example.com").withHost("attic", "attic.example.com");
        open("#/hosts");
        awaitCount("[data-test=host-row]", 2);
        screenshots("hosts-list");
        browser.waitVisible("[data-host=attic] [data-test=host-delete]").click();
        browser.waitVisible("[data-host=attic] [data-test=host-delete-cancel]").click();
        browser.waitVisible("[data-host=attic] [data-test=host-delete]").click();
        browser.waitVisible("[data-host=attic] [data-test=host-delete-confirm]").click();
        StubConsoleApi.Call delete = stub.awaitCall("DELETE", "/api/hosts/attic");
        assertThat(delete.csrfValid()).isTrue();
        awaitCount("[data-test=host-row]", 1);
        assertThat(browser.byTest("host-row").getAttribute("data-host")).isEqualTo("plex");
    }
}
