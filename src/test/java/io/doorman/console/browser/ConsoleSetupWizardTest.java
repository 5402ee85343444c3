package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first-run wizard, step by step, against the stub's GDM answer and Preferences.xml import. */
class ConsoleSetupWizardTest extends BrowserTestBase {

    @Test
    void theWizardGoesFromSetupCodeToAFirstPlexModeHost() {
        open("");
        awaitHash("#/setup");
        screenshots("setup-1-admin");
        type(browser.byTest("setup-code"), StubState.SETUP_CODE);
        type(browser.byTest("setup-password"), StubState.PASSWORD);
        type(browser.byTest("setup-confirm"), StubState.PASSWORD);
        browser.byTest("wizard-next").click();
        JsonNode setup = stub.awaitCall("POST", "/api/setup").json();
        assertThat(setup.path("code").asText()).isEqualTo(StubState.SETUP_CODE);
        assertThat(setup.path("password").asText()).isEqualTo(StubState.PASSWORD);

        browser.byTest("wizard-step-1");
        browser.byTest("discover").click();
        awaitCount("[data-test=discovered-server]", 2);
        assertThat(browser.byTest("discover-results").getText()).contains("Living Room PMS", "192.168.1.20:32400",
                "1.41.3.9314", "Attic NAS");
        screenshots("setup-2-discover");
        browser.all("[data-test=discovered-server]").get(0).click();
        assertThat(browser.byTest("pms-url").getAttribute("value")).isEqualTo(StubState.DISCOVERED_URL);
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-2");
        assertThat(browser.byTest("wizard-next").isEnabled()).isFalse();
        browser.byTest("token-save").click();
        assertThat(stub.awaitCall("POST", "/api/setup/import-token").json().path("source").asText())
                .isEqualTo("linux");
        org.awaitility.Awaitility.await().until(() -> browser.byTest("token-result").getText()
                .contains(StubState.FINGERPRINT));
        screenshots("setup-3-token");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-3");
        browser.byTest("test-connection").click();
        assertThat(stub.awaitCall("POST", "/api/setup/test-connection").json().path("url").asText())
                .isEqualTo(StubState.DISCOVERED_URL);
        org.awaitility.Awaitility.await().until(() -> browser.byTest("connection-result").getText()
                .contains("Connected to Living Room PMS (version 1.41.3.9314)"));
        screenshots("setup-4-connection");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-4");
        assertThat(browser.byTest("host-upstream").getAttribute("value")).isEqualTo(StubState.DISCOVERED_URL);
        assertThat(browser.byTest("host-name").getAttribute("value")).isEqualTo("plex");
        type(browser.byTest("host-domain"), "plex.example.com");
        screenshots("setup-5-host");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-5");
        browser.byTest("frontend-cloudflared").click();
        screenshots("setup-6-frontend");
        browser.byTest("wizard-next").click();
        StubConsoleApi.Call create = stub.awaitCall("POST", "/api/hosts");
        JsonNode host = create.json();
        assertThat(host.path("name").asText()).isEqualTo("plex");
        assertThat(host.path("domains")).extracting(JsonNode::asText).containsExactly("plex.example.com");
        assertThat(host.path("port").asInt()).isEqualTo(443);
        assertThat(host.path("upstream").asText()).isEqualTo(StubState.DISCOVERED_URL);
        assertThat(host.path("frontend").asText()).isEqualTo("cloudflared");
        assertThat(host.path("plexMode").path("forwardClientIp").asBoolean()).isTrue();
        assertThat(host.path("plexMode").path("webSockets").asBoolean()).isTrue();
        assertThat(create.csrfHeader()).isNotBlank();

        browser.byTest("wizard-step-6");
        assertThat(browser.byTest("custom-url").getText()).isEqualTo("https://plex.example.com:443");
        screenshots("setup-7-done");
        List<String> order = stub.callLines().stream().filter(l -> !l.startsWith("GET /api/session")).toList();
        assertThat(order).containsSubsequence("POST /api/setup", "GET /api/setup/discover",
                "POST /api/setup/import-token", "POST /api/setup/test-connection", "POST /api/hosts");
    }

    @Test
    void aWrongSetupCodeAndAShortPasswordAreShownAtTheirFields() {
        open("#/setup");
        type(browser.byTest("setup-code"), "WRONG-CODE");
        type(browser.byTest("setup-password"), StubState.PASSWORD);
        type(browser.byTest("setup-confirm"), StubState.PASSWORD);
        browser.byTest("wizard-next").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=code]").getText()).isEqualTo("wrong setup code");

        type(browser.byTest("setup-code"), StubState.SETUP_CODE);
        type(browser.byTest("setup-password"), "short");
        type(browser.byTest("setup-confirm"), "short");
        browser.byTest("wizard-next").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=password]").getText())
                .isEqualTo("the password must be 12 to 72 bytes long");
        assertThat(browser.all(".field-error[data-error-for=code]:not([hidden])")).isEmpty();
    }

    @Test
    void aPathImportAndTheApisDomainErrorLandAtTheirFields() {
        stub.state().setUp();
        logIn();
        open("#/setup");
        browser.byTest("wizard-step-1");
        type(browser.byTest("pms-url"), StubState.DISCOVERED_URL);
        browser.byTest("wizard-next").click();
        browser.byTest("wizard-step-2");
        new org.openqa.selenium.support.ui.Select(browser.byTest("token-source")).selectByValue("path");
        type(browser.byTest("token-path"), "/srv/plex/config");
        browser.byTest("token-save").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=path]").getText())
                .isEqualTo("no Preferences.xml at /srv/plex/config");
        browser.byTest("token-paste-mode").click();
        type(browser.byTest("token-value"), "a-raw-owner-token");
        browser.byTest("token-save").click();
        assertThat(stub.awaitCall("POST", "/api/setup/token").json().path("token").asText())
                .isEqualTo("a-raw-owner-token");
        org.awaitility.Awaitility.await().until(() -> browser.byTest("wizard-next").isEnabled());
        assertThat(browser.byTest("token-value").getAttribute("value")).isEmpty();
        browser.byTest("wizard-next").click();
        browser.byTest("test-connection").click();
        org.awaitility.Awaitility.await().until(() -> browser.byTest("wizard-next").isEnabled());
        browser.byTest("wizard-next").click();
        type(browser.byTest("host-domain"), "Plex Example");
        browser.byTest("wizard-next").click();
        browser.byTest("wizard-next").click();
        stub.awaitCall("POST", "/api/hosts");
        browser.byTest("wizard-step-4");
        assertThat(browser.waitVisible(".field-error[data-error-for=domains]").getText())
                .isEqualTo("'Plex Example' is not a domain name");
        assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("host-domain");
    }
}
