package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorman.plex.PlexTokens;
import java.nio.file.Files;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * The first-run wizard against the real serve: its setup code, GDM answered by the fake responder with the fake
 * PMS's port, the {@code Preferences.xml} fixture, the fake PMS's identity, and the first host in hosts.yaml.
 */
class ConsoleSetupWizardTest extends BrowserTestBase {

    private static final String FINGERPRINT = PlexTokens.fingerprint(ServedConsole.OWNER_TOKEN);

    @Test
    void theWizardGoesFromSetupCodeToAFirstPlexModeHost() throws Exception {
        if (!console.setupRequired()) {
            console.restartFresh(); // the other test of this class set the admin up first
        }
        String pmsUrl = "http://127.0.0.1:" + console.pms().port();
        open("#/dashboard");
        awaitHash("#/setup");
        assertThat(browser.byTest("wizard-step-0").getText()).contains("Setup code");
        screenshots("setup-1-admin");
        type(browser.byTest("setup-code"), "AAAA-AAAA-AAAA-AAAA");
        type(browser.byTest("setup-password"), ServedConsole.PASSWORD);
        type(browser.byTest("setup-confirm"), ServedConsole.PASSWORD);
        browser.byTest("wizard-next").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=code]").getText())
                .startsWith("the setup code is wrong");
        type(browser.byTest("setup-code"), console.setupCode());
        type(browser.byTest("setup-password"), "short");
        type(browser.byTest("setup-confirm"), "short");
        browser.byTest("wizard-next").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=password]").getText())
                .contains("password must be 12 to 72 bytes long");
        assertThat(browser.all(".field-error[data-error-for=code]:not([hidden])")).isEmpty();
        type(browser.byTest("setup-password"), ServedConsole.PASSWORD);
        type(browser.byTest("setup-confirm"), ServedConsole.PASSWORD);
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-1");
        browser.byTest("discover").click();
        // serve's GDM discovery listens for about 3 s.
        Awaitility.await("the discovered server").atMost(Duration.ofSeconds(15))
                .until(() -> browser.all("[data-test=discovered-server]").size() == 1);
        assertThat(browser.byTest("discover-results").getText()).contains(ServedConsole.PMS_NAME,
                "127.0.0.1:" + console.pms().port(), "1.41.3.9314-a0bfb8370");
        assertThat(console.gdm().received()).as("serve's M-SEARCH").isNotEmpty();
        screenshots("setup-2-discover");
        browser.all("[data-test=discovered-server]").get(0).click();
        assertThat(browser.byTest("pms-url").getAttribute("value")).isEqualTo(pmsUrl);
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-2");
        assertThat(browser.byTest("wizard-next").isEnabled()).isFalse();
        new Select(browser.byTest("token-source")).selectByValue("path");
        type(browser.byTest("token-path"), console.preferencesXml().resolveSibling("missing/Preferences.xml")
                .toString());
        browser.byTest("token-save").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=path]").getText()).contains("Preferences.xml");
        type(browser.byTest("token-path"), console.preferencesXml().toString());
        browser.byTest("token-save").click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.byTest("token-result").getText()
                .contains(FINGERPRINT));
        assertThat(browser.byTest("token-result").getText()).contains(console.preferencesXml().toString())
                .doesNotContain(ServedConsole.OWNER_TOKEN);
        screenshots("setup-3-token");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-3");
        browser.byTest("test-connection").click();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> browser.byTest("connection-result").getText()
                .startsWith("Connected to"));
        assertThat(browser.byTest("connection-result").getText()).contains("(version 1.42.1.10060-4e8b05daf)");
        screenshots("setup-4-connection");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-4");
        assertThat(browser.byTest("host-upstream").getAttribute("value")).isEqualTo(pmsUrl);
        assertThat(browser.byTest("host-name").getAttribute("value")).isEqualTo("plex");
        type(browser.byTest("host-domain"), "Plex Example");
        browser.byTest("wizard-next").click();
        browser.byTest("wizard-step-5");
        browser.byTest("wizard-next").click();
        // serve refuses the domain; the wizard goes back to the host step and says why at the field.
        browser.byTest("wizard-step-4");
        assertThat(browser.waitVisible(".field-error[data-error-for=domains]").getText()).contains("Plex Example");
        assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("host-domain");
        type(browser.byTest("host-domain"), "plex.example.com");
        screenshots("setup-5-host");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-5");
        browser.byTest("frontend-cloudflared").click();
        screenshots("setup-6-frontend");
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-6");
        assertThat(browser.byTest("custom-url").getText()).isEqualTo("https://plex.example.com:443");
        screenshots("setup-7-done");
        JsonNode host = console.admin("GET", "/api/hosts/plex", null);
        assertThat(host.path("domains")).extracting(JsonNode::asText).containsExactly("plex.example.com");
        assertThat(host.path("port").asInt()).isEqualTo(443);
        assertThat(host.path("upstream").asText()).isEqualTo(pmsUrl);
        assertThat(host.path("frontend").asText()).isEqualTo("cloudflared");
        assertThat(host.at("/plexMode/forwardClientIp").asBoolean()).isTrue();
        assertThat(host.at("/plexMode/webSockets").asBoolean()).isTrue();
        assertThat(Files.readString(console.hostsYaml())).contains("plex.example.com");
        JsonNode status = console.admin("GET", "/api/setup/status", null);
        assertThat(status.path("tokenFingerprint").asText()).isEqualTo(FINGERPRINT);
        assertThat(status.path("pmsUrl").asText()).isEqualTo(pmsUrl);
        assertThat(console.output()).doesNotContain(ServedConsole.OWNER_TOKEN).doesNotContain(ServedConsole.PASSWORD);
    }

    @Test
    void aSignedInAdminRerunsTheWizardWithATypedUrlAndAPastedToken() throws Exception {
        logIn();
        open("#/setup");
        browser.byTest("wizard-step-1");
        type(browser.byTest("pms-url"), console.pms().baseUri().toString());
        browser.byTest("wizard-next").click();

        browser.byTest("wizard-step-2");
        browser.byTest("token-paste-mode").click();
        type(browser.byTest("token-value"), "not a token!");
        browser.byTest("token-save").click();
        assertThat(browser.waitVisible(".field-error[data-error-for=token]").getText())
                .startsWith("this is not a Plex token");
        type(browser.byTest("token-value"), ServedConsole.OWNER_TOKEN);
        browser.byTest("token-save").click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.byTest("token-result").getText()
                .contains(FINGERPRINT));
        assertThat(browser.byTest("token-value").getAttribute("value")).isEmpty();
        browser.byTest("wizard-next").click();

        browser.byTest("test-connection").click();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> browser.byTest("wizard-next").isEnabled());
        browser.byTest("wizard-next").click();
        type(browser.byTest("host-name"), "cabin");
        type(browser.byTest("host-domain"), "cabin.example.com");
        browser.byTest("wizard-next").click();
        browser.byTest("wizard-step-5");
        browser.byTest("wizard-next").click();
        browser.byTest("wizard-step-6");
        assertThat(browser.byTest("custom-url").getText()).isEqualTo("https://cabin.example.com:443");
        JsonNode host = console.admin("GET", "/api/hosts/cabin", null);
        assertThat(host.path("frontend").asText()).isEqualTo("caddy");
        assertThat(host.path("upstream").asText()).isEqualTo(console.pms().baseUri().toString()
                .replaceAll("/+$", ""));
        assertThat(console.admin("GET", "/api/setup/status", null).path("tokenFingerprint").asText())
                .isEqualTo(FINGERPRINT);
    }
}
