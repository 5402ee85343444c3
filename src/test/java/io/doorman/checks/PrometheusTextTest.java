package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.checks.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsCommentsLabelsTimestampsAndSpecialValues() throws Exception {
        List<Sample> s = PrometheusText.parse("""
                # HELP cloudflared_tunnel_ha_connections Number of active ha connections
                # TYPE cloudflared_tunnel_ha_connections gauge
                cloudflared_tunnel_ha_connections 4
                  
                build_info{goversion="go1.24",version="2026.8.2"} 1 1764781234567
                quic_client_latency_bucket{conn_index="0",le="+Inf",} 12
                odd{path="C:\\\\x",quote="say \\"hi\\"",nl="a\\nb"} -1.5e+3
                gone NaN
                up +Inf
                down -Inf
                rpc_duration:sum{a = "1" , b="2"}\t.5
                # EOF
                """);
        assertThat(s).extracting(Sample::name).containsExactly("cloudflared_tunnel_ha_connections", "build_info",
                "quic_client_latency_bucket", "odd", "gone", "up", "down", "rpc_duration:sum");
        assertThat(s.get(0).labels()).isEmpty();
        assertThat(s.get(0).value()).isEqualTo(4.0);
        assertThat(s.get(1).labels()).containsExactly(Map.entry("goversion", "go1.24"),
                Map.entry("version", "2026.8.2"));
        assertThat(s.get(2).labels()).containsEntry("le", "+Inf");
        assertThat(s.get(3).labels()).containsEntry("path", "C:\\x").containsEntry("quote", "say \"hi\"")
                .containsEntry("nl", "a\nb");
        assertThat(s.get(3).value()).isEqualTo(-1500.0);
        assertThat(s.get(4).value()).isNaN();
        assertThat(s.get(5).value()).isInfinite().isPositive();
        assertThat(s.get(6).value()).isInfinite().isNegative();
        assertThat(s.get(7).labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(s.get(7).value()).isEqualTo(0.5);
    }

    @Test
    void readsCrlfLinesAndOpenMetricsExemplars() throws Exception {
        List<Sample> s = PrometheusText.parse("a 1\r\nb_total 3 # {trace_id=\"abc\"} 1.0 1764781234.5\r\n");
        assertThat(s).extracting(Sample::value).containsExactly(1.0, 3.0);
    }

    @Test
    void anEmptyBodyHasNoSamples() throws Exception {
        assertThat(PrometheusText.parse("")).isEmpty();
        assertThat(PrometheusText.parse("# only a comment\n")).isEmpty();
    }

    @Test
    void malformedLinesAreNamedByNumber() {
        assertMalformed("ok 1\n<html>\n", "line 2: no metric name");
        assertMalformed("a{b=\"1\" 2\n", "line 1: labels are not closed with '}'");
        assertMalformed("a{b=1} 2\n", "line 1: expected '\"' at column 5");
        assertMalformed("a{b=\"1} 2\n", "line 1: a label value is not closed with '\"'");
        assertMalformed("a{b=\"\\q\"} 2\n", "line 1: unknown escape '\\q' in a label value");
        assertMalformed("a{b=\"1\",b=\"2\"} 2\n", "line 1: label b appears twice");
        assertMalformed("a{=\"1\"} 2\n", "line 1: a label has no name");
        assertMalformed("a\n", "line 1: no space before the value of a");
        assertMalformed("a four\n", "line 1: value 'four' is not a number");
        assertMalformed("a 0x10\n", "line 1: value '0x10' is not a number");
        assertMalformed("a 1 later\n", "line 1: timestamp 'later' is not a number");
        assertMalformed("a 1 2 3\n", "line 1: unexpected text after the value of a");
    }

    @Test
    void aLongBadValueIsShortenedInTheMessage() {
        assertThatThrownBy(() -> PrometheusText.parse("a " + "x".repeat(500)))
                .isInstanceOf(PrometheusText.Malformed.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100));
    }

    private static void assertMalformed(String body, String message) {
        assertThatThrownBy(() -> PrometheusText.parse(body)).as(body)
                .isInstanceOf(PrometheusText.Malformed.class).hasMessage(message);
    }
}
