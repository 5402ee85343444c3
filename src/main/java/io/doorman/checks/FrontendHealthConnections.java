package io.doorman.checks;

import io.doorman.checks.PrometheusText.Sample;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many edge connections cloudflared holds, from its {@code /metrics} samples.
 *
 * <p>cloudflared exports one unlabelled gauge. Should a build (or a relabelling exporter in between) split it
 * into several series, they are added up: in Prometheus a metric's labels partition it, so the sum over them is
 * the whole (the naming guide's rule that {@code sum()} over a metric's dimensions must be meaningful), while the
 * largest series would under-count a split by protocol or edge. The same label set twice makes any total a
 * guess, so that is reported rather than counted.
 */
public final class FrontendHealthConnections {

    /** The gauge's name [spec: cloudflared supervisor/metrics.go]. */
    public static final String METRIC = "cloudflared_tunnel_ha_connections";

    /** The count, or why there is none. */
    public sealed interface Count {
        /** {@code series} samples added up to {@code total}. */
        record Total(long total, int series) implements Count {
        }

        /** No usable number; {@code why} is one line. */
        record Unknown(String why) implements Count {
        }
    }

    private FrontendHealthConnections() {
    }

    public static Count count(List<Sample> samples) {
        Set<Map<String, String>> seen = new HashSet<>();
        double sum = 0;
        int series = 0;
        for (Sample s : samples) {
            if (!s.name().equals(METRIC)) {
                continue;
            }
            if (!seen.add(s.labels())) {
                return new Count.Unknown(METRIC + " has the same series twice" + (s.labels().isEmpty() ? ""
                        : " " + s.labels()));
            }
            if (!Double.isFinite(s.value()) || s.value() < 0) {
                return new Count.Unknown(METRIC + " is " + s.value() + ", not a count");
            }
            sum += s.value();
            series++;
        }
        if (series == 0) {
            return new Count.Unknown("no " + METRIC + " in the metrics (is this cloudflared's metrics address?)");
        }
        return new Count.Total((long) Math.floor(sum), series);
    }
}
