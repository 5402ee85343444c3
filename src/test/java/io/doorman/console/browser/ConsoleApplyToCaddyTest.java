package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.CaddyProcess;
import io.doorman.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Apply to Caddy" against the real Caddy: serve gets its admin API through {@code DOORMAN_CADDY_ADMIN}; the host
 * is a {@code .localhost} name (Caddy's own CA certifies those, no ACME) on a free high port.
 */
class ConsoleApplyToCaddyTest extends BrowserTestBase {

    private static CaddyProcess caddy;
    private static int publicPort;

    @BeforeAll
    static void caddyRunsAndServeKnowsItsAdminApi() throws Exception {
        Path home = Files.createDirectories(dir.resolve("caddy"));
        int admin = FreePorts.next();
        // No root CA into this machine's trust store, and Caddy's redirect port off port 80.
        caddy = CaddyProcess.start(home, admin, "{\n\tadmin 127.0.0.1:" + admin + "\n\tskip_install_trust\n"
                + "\thttp_port " + FreePorts.next() + "\n}\n");
        console.restartWith("DOORMAN_CADDY_ADMIN", caddy.adminUrl());
        publicPort = FreePorts.next();
        console.admin("POST", "/api/hosts", "{\"name\":\"edge\",\"domains\":[\"edge.localhost\"],\"port\":" + publicPort
                + ",\"upstream\":\"" + console.pms().baseUri() + "\"}");
    }

    @AfterAll
    static void stopCaddy() {
        if (caddy != null) {
            caddy.close();
        }
    }

    @Test
    void applyPutsTheSiteIntoCaddyAndDoormanAnswersThroughIt() throws Exception {
        logIn();
        open("#/hosts/edge");
        browser.byTest("apply-caddy").click();
        // serve probes Doorman through Caddy until Caddy's certificate is ready (up to 20 s).
        Awaitility.await("the apply result").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !browser.byTest("apply-result").getText().isBlank());
        String result = browser.byTest("apply-result").getText();
        assertThat(result).as(caddy.log()).startsWith("applied; Caddy's other sites were left as they were")
                .contains("edge.localhost via", "from Doorman");
        screenshots("hosts-applied");
        String config = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(caddy.adminUrl()
                + "/config/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(config).contains("edge.localhost", ":" + publicPort, console.proxyUrl().getAuthority());
    }
}
