package io.doorman.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** Security: audit events by outcome (fingerprints only), blocks and Unblock, the elevated/denied chart. */
class ConsoleSecurityTest extends BrowserTestBase {

    @Test
    void theOutcomeFilterAsksTheApiAndShowsFingerprints() {
        logIn();
        open("#/security");
        awaitCount("[data-test=audit-row]", 3);
        assertThat(stub.awaitCall("GET", "/api/audit").query()).isEqualTo("limit=100");
        assertThat(browser.byTest("audit-table").getText()).contains("sha256:aa11bb22cc33dd44", "198.51.100.4",
                "/livetv/dvrs/12/channels");
        new Select(browser.byTest("audit-outcome")).selectByValue("deny_unauthorized_token");
        stub.awaitCall(c -> c.path().equals("/api/audit") && "limit=100&outcome=deny_unauthorized_token"
                .equals(c.query()), "the filtered audit call");
        awaitCount("[data-test=audit-row]", 1);
        assertThat(browser.byTest("audit-row").getAttribute("data-outcome")).isEqualTo("deny_unauthorized_token");
        assertThat(stub.awaitCall("GET", "/api/audit/history").query()).isEqualTo("minutes=60");
        assertThat(browser.byTest("audit-chart").getAttribute("data-points")).isEqualTo("60");
        screenshots("security");
    }

    @Test
    void unblockSendsDeleteForThatSourceAndTheBlockGoes() {
        logIn();
        open("#/security");
        awaitCount("[data-test=block-row]", 2);
        browser.waitVisible("[data-test=unblock][data-source='2001:db8::5']").click();
        StubConsoleApi.Call delete = stub.awaitCall("DELETE", "/api/blocks/2001%3Adb8%3A%3A5");
        assertThat(delete.csrfValid()).isTrue();
        awaitCount("[data-test=block-row]", 1);
        assertThat(browser.byTest("block-row").getAttribute("data-source")).isEqualTo("203.0.113.7");
        Awaitility.await().until(() -> browser.byTest("announcer").getText().equals("2001:db8::5 unblocked"));
    }
}
