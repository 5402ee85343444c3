package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import org.junit.jupiter.api.Test;

class ProxySmokeTest {

    @Test
    void getPassesThroughAndKeepsAlive() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(); RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: media.example.com\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("machineIdentifier=\"fake-machine-id\"");
            c.send("GET /library/sections HTTP/1.1\r\nHost: media.example.com\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            assertThat(h.pms.connectionsAccepted()).isEqualTo(1);
            assertThat(h.pms.lastRequest().header("Host")).isEqualTo("media.example.com");
        }
    }
}
