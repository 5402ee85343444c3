package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.checks.FrontendHealthConnections.Count;
import org.junit.jupiter.api.Test;

class FrontendHealthConnectionsTest {

    private static Count count(String body) throws Exception {
        return FrontendHealthConnections.count(PrometheusText.parse(body));
    }

    @Test
    void oneUnlabelledGaugeIsTheCount() throws Exception {
        assertThat(count("other 9\ncloudflared_tunnel_ha_connections 4\n")).isEqualTo(new Count.Total(4, 1));
    }

    @Test
    void severalSeriesAreAddedUp() throws Exception {
        assertThat(count("cloudflared_tunnel_ha_connections{protocol=\"quic\"} 1\n"
                + "cloudflared_tunnel_ha_connections{protocol=\"http2\"} 2\n")).isEqualTo(new Count.Total(3, 2));
    }

    @Test
    void theSameSeriesTwiceIsNoCount() throws Exception {
        assertThat(count("cloudflared_tunnel_ha_connections 2\ncloudflared_tunnel_ha_connections 2\n"))
                .isInstanceOfSatisfying(Count.Unknown.class, u -> assertThat(u.why()).contains("same series twice"));
    }

    @Test
    void anAbsentOrNonFiniteGaugeIsNoCount() throws Exception {
        assertThat(count("cloudflared_tunnel_ha_connections_other 4\n"))
                .isInstanceOfSatisfying(Count.Unknown.class, u -> assertThat(u.why()).startsWith("no "));
        assertThat(count("cloudflared_tunnel_ha_connections NaN\n"))
                .isInstanceOfSatisfying(Count.Unknown.class, u -> assertThat(u.why()).contains("not a count"));
        assertThat(count("cloudflared_tunnel_ha_connections -1\n")).isInstanceOf(Count.Unknown.class);
    }
}
