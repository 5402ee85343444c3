package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Hosts against the real serve: create, edit, delete (checked in hosts.yaml and {@code GET /api/hosts}), the Media
 * Server Settings, and the generated config and Custom URL, which are the API's and what Copy puts in the
 * clipboard. Each test works on hosts of its own name.
 */
class ConsoleHostsTest extends BrowserTestBase {

    @Test
    void creatingAPlexModeHostPutsItInHostsYaml() throws Exception {
        logIn();
        open("#/hosts");
        browser.byTest("host-new").click();
        awaitHash("#/hosts/new");
        type(browser.byTest("host-name"), "living");
        type(browser.byTest("host-domain"), "living.example.com");
        assertThat(browser.byTest("form-custom-url").getText()).isEqualTo("https://living.example.com:443");
        type(browser.byTest("host-upstream"), console.pms().baseUri().toString());
        new Select(browser.byTest("host-frontend")).selectByValue("nginx");
        browser.waitVisible("[data-test=advanced-settings] summary").click();
        type(browser.byTest("host-lan-aliases"), "plex.home, plex.lan");
        screenshots("hosts-new");
        browser.byTest("host-save").click();

        awaitHash("#/hosts/living");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.all("[data-test=host-row]"
                + "[data-host=living]").size() == 1);
        assertThat(browser.waitVisible("[data-test=host-row][data-host=living]").getText())
                .contains("living", "living.example.com", "nginx");
        JsonNode h = console.admin("GET", "/api/hosts/living", null);
        assertThat(h.path("domains")).extracting(JsonNode::asText).containsExactly("living.example.com");
        assertThat(h.path("port").asInt()).isEqualTo(443);
        assertThat(h.path("frontend").asText()).isEqualTo("nginx");
        assertThat(h.at("/plexMode/forwardClientIp").asBoolean()).isTrue();
        assertThat(h.at("/plexMode/webSockets").asBoolean()).isTrue();
        assertThat(h.at("/plexMode/lanAliases")).extracting(JsonNode::asText).containsExactly("plex.home", "plex.lan");
        assertThat(h.path("customUrl").asText()).isEqualTo("https://living.example.com:443");
        assertThat(Files.readString(console.hostsYaml())).contains("living", "living.example.com", "plex.lan");
    }

    @Test
    void theMediaServerSettingsHaveExactlyTheSeedsFiveControls() throws Exception {
        console.createHost("media", "media.example.com");
        logIn();
        open("#/hosts/media");
        WebElement media = browser.byTest("media-settings");
        assertThat(media.getAttribute("open")).isNotNull();
        assertThat(media.findElements(By.cssSelector("label")))
                .extracting(WebElement::getText).containsExactly("Enable Plex Mode", "External Domain for Plex",
                        "Forward client IP headers (recommended)", "Enable WebSocket support",
                        "Live TV for shared users");
        assertThat(browser.all("[data-test=forward-warning]").get(0).isDisplayed()).isFalse();
        browser.byTest("forward-client-ip").click();
        assertThat(browser.byTest("forward-warning").getText()).contains("Local");
        browser.byTest("plex-mode").click();
        assertThat(browser.byTest("websockets").isEnabled()).isFalse();
        media.findElement(By.tagName("summary")).click();
        Awaitility.await().until(() -> media.getAttribute("open") == null);
        assertThat(browser.all("[data-test=websockets]").get(0).isDisplayed()).isFalse();
    }

    @Test
    void theConfigAndCustomUrlShownAreTheApisAndCopyPutsThemInTheClipboard() throws Exception {
        console.createHost("copy", "copy.example.com");
        JsonNode api = console.admin("GET", "/api/hosts/copy/frontend?kind=caddy", null);
        String caddyfile = api.at("/files/0/text").asText();
        assertThat(caddyfile).contains("copy.example.com", "reverse_proxy");
        logIn();
        browser.grantClipboard(console.url().toString());
        open("#/hosts/copy");
        WebElement text = browser.byTest("config-text");
        assertThat(browser.script("return arguments[0].textContent", text)).isEqualTo(caddyfile);
        assertThat(browser.byTest("config-file").getAttribute("data-name")).isEqualTo(api.at("/files/0/name").asText());
        assertThat(browser.byTest("custom-url").getText()).isEqualTo("https://copy.example.com:443")
                .isEqualTo(api.path("customUrl").asText());
        assertThat(browser.all("[data-test=config-warning]")).extracting(WebElement::getText)
                .containsExactlyElementsOf(textsOf(api.path("warnings")));
        screenshots("hosts-config");

        browser.byTest("copy-custom-url").click();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.clipboardText().equals("https://copy.example.com:443"));
        browser.byTest("copy-file").click();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> browser.clipboardText().equals(caddyfile));
        assertThat(browser.waitVisible("[data-test=copy-file] + .copy-status").getText()).isEqualTo("Copied");
    }

    @Test
    void anotherKindIsTheApisAndApplyToCaddyIsOffWithoutACaddyAdmin() throws Exception {
        console.createHost("kinds", "kinds.example.com");
        JsonNode traefik = console.admin("GET", "/api/hosts/kinds/frontend?kind=traefik", null);
        logIn();
        open("#/hosts/kinds");
        browser.byTest("config-text");
        assertThat(browser.all("[data-test=apply-caddy]")).as("serve runs without DOORMAN_CADDY_ADMIN").isEmpty();
        new Select(browser.byTest("config-kind")).selectByValue("traefik");
        String name = traefik.at("/files/0/name").asText();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.byTest("config-file")
                .getAttribute("data-name").equals(name));
        assertThat(browser.script("return document.querySelector('[data-test=config-text]').textContent"))
                .isEqualTo(traefik.at("/files/0/text").asText());
        assertThat(browser.all("[data-test=apply-caddy]")).isEmpty();
    }

    @Test
    void editingSavesToHostsYamlAndAnApiErrorIsShownAtItsField() throws Exception {
        console.createHost("edit", "edit.example.com");
        logIn();
        open("#/hosts/edit");
        assertThat(browser.byTest("host-name").getAttribute("readonly")).isNotNull();
        type(browser.byTest("host-port"), "8443");
        browser.byTest("websockets").click();
        browser.byTest("host-save").click();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.byTest("custom-url").getText().equals("https://edit.example.com:8443"));
        JsonNode saved = console.admin("GET", "/api/hosts/edit", null);
        assertThat(saved.path("port").asInt()).isEqualTo(8443);
        assertThat(saved.at("/plexMode/webSockets").asBoolean()).isFalse();
        assertThat(Files.readString(console.hostsYaml())).contains("8443");

        browser.byTest("host-new").click();
        type(browser.byTest("host-name"), "second");
        type(browser.byTest("host-domain"), "Not A Domain");
        browser.byTest("host-save").click();
        WebElement error = browser.waitVisible(".field-error[data-error-for=domains]");
        assertThat(error.getText()).contains("Not A Domain");
        assertThat(browser.byTest("host-domain").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("host-domain");
        assertThat(console.admin("GET", "/api/hosts", null).findValuesAsText("name")).doesNotContain("second");
        screenshots("hosts-field-error");
    }

    @Test
    void theKeyboardAloneFoldsTheSettingsAndCopies() throws Exception {
        console.createHost("keys", "keys.example.com");
        logIn();
        browser.grantClipboard(console.url().toString());
        open("#/hosts/keys");
        WebElement media = browser.byTest("media-settings");
        WebElement summary = media.findElement(By.tagName("summary"));
        browser.script("arguments[0].focus()", summary);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        Awaitility.await().until(() -> media.getAttribute("open") == null);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        Awaitility.await().until(() -> media.getAttribute("open") != null);
        browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("plex-mode");
        browser.driver().switchTo().activeElement().sendKeys(Keys.SPACE);
        assertThat(browser.byTest("plex-mode").isSelected()).isFalse();
        WebElement copy = browser.byTest("copy-custom-url");
        browser.script("arguments[0].focus()", copy);
        assertThat((Boolean) browser.script("return arguments[0].matches(':focus-visible')", copy)).isTrue();
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.clipboardText().equals("https://keys.example.com:443"));
    }

    @Test
    void deletingAsksOnceMoreThenTheHostIsGoneFromTheApi() throws Exception {
        console.createHost("keep", "keep.example.com");
        console.createHost("attic", "attic.example.com");
        logIn();
        open("#/hosts");
        browser.waitVisible("[data-test=host-row][data-host=attic]");
        browser.waitVisible("[data-test=host-row][data-host=keep]");
        screenshots("hosts-list");
        browser.waitVisible("[data-host=attic] [data-test=host-delete]").click();
        browser.waitVisible("[data-host=attic] [data-test=host-delete-cancel]").click();
        browser.waitVisible("[data-host=attic] [data-test=host-delete]").click();
        browser.waitVisible("[data-host=attic] [data-test=host-delete-confirm]").click();
        awaitGone("[data-test=host-row][data-host=attic]");
        assertThat(browser.all("[data-test=host-row][data-host=keep]")).hasSize(1);
        assertThat(console.get("/api/hosts/attic", console.adminSession()).statusCode()).isEqualTo(404);
        assertThat(console.admin("GET", "/api/hosts", null).findValuesAsText("name")).contains("keep")
                .doesNotContain("attic");
        assertThat(Files.readString(console.hostsYaml())).doesNotContain("attic.example.com");
    }

    private static java.util.List<String> textsOf(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
