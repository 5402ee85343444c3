package io.doorman.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A fake cloudflared metrics server on a real loopback socket: {@code /metrics} in the Prometheus text format with
 * {@code cloudflared_tunnel_ha_connections} among other metrics, {@code /ready} and {@code /healthcheck}. What the
 * fact sheet marks as uncertain or version-dependent can be switched: labels and several series on the gauge,
 * HELP/TYPE lines, sample timestamps, the OpenMetrics flavour, an error status, a raw body, and not answering.
 */
public final class FakeCloudflaredMetrics implements AutoCloseable {

    /** One series of the gauge: its label text as written inside braces (empty for none) and its value. */
    public record Series(String labels, String value) {
    }

    private final HttpServer server;
    private final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile List<Series> series = List.of(new Series("", "4"));
    private volatile boolean helpAndType = true;
    private volatile boolean timestamps;
    private volatile boolean openMetrics;
    private volatile int status = 200;
    private volatile String rawBody;
    private volatile boolean silent;

    private FakeCloudflaredMetrics() {
        this.server = LoopbackHttpServer.start("fake cloudflared metrics", this::handle);
    }

    /** Starts on 127.0.0.1 and an ephemeral port, reporting 4 connections (cloudflared's healthy default). */
    public static FakeCloudflaredMetrics start() {
        return new FakeCloudflaredMetrics();
    }

    /** {@code http://127.0.0.1:port/metrics}. */
    public URI metricsUrl() {
        return URI.create(LoopbackHttpServer.baseUri(server) + "/metrics");
    }

    /** One unlabelled series with this value, as cloudflared writes it. */
    public FakeCloudflaredMetrics connections(int n) {
        return series(List.of(new Series("", Integer.toString(n))));
    }

    /** The gauge as these series (none: the metric is absent). */
    public FakeCloudflaredMetrics series(List<Series> s) {
        this.series = List.copyOf(s);
        return this;
    }

    public FakeCloudflaredMetrics helpAndType(boolean on) {
        this.helpAndType = on;
        return this;
    }

    /** Each sample carries a millisecond timestamp, as the format allows. */
    public FakeCloudflaredMetrics timestamps(boolean on) {
        this.timestamps = on;
        return this;
    }

    /** Answers OpenMetrics text ({@code # EOF}, its content type) whatever the request accepts. */
    public FakeCloudflaredMetrics openMetrics(boolean on) {
        this.openMetrics = on;
        return this;
    }

    /** {@code /metrics} answers this status (its body still the metrics). */
    public FakeCloudflaredMetrics status(int s) {
        this.status = s;
        return this;
    }

    /** {@code /metrics} answers exactly this body; null for the generated one. */
    public FakeCloudflaredMetrics rawBody(String body) {
        this.rawBody = body;
        return this;
    }

    /** Accepts requests and never answers them (until closed), like a hung process holding its port. */
    public FakeCloudflaredMetrics silent(boolean on) {
        this.silent = on;
        return this;
    }

    /** The Accept header of each {@code /metrics} request so far (empty string when absent). */
    public List<String> acceptHeaders() {
        return List.copyOf(acceptHeaders);
    }

    /** The metrics text as it is now, with other metrics around the gauge, as a real cloudflared has. */
    public String body() {
        String ts = timestamps ? " 1764781234567" : "";
        StringBuilder sb = new StringBuilder();
        if (helpAndType) {
            sb.append("# HELP build_info Build and version information\n# TYPE build_info gauge\n");
        }
        sb.append("build_info{goversion=\"go1.24\",revision=\"2026-08\",type=\"\",version=\"2026.8.2\"} 1").append(ts)
                .append('\n');
        if (helpAndType) {
            sb.append("# HELP cloudflared_tunnel_ha_connections Number of active ha connections\n")
                    .append("# TYPE cloudflared_tunnel_ha_connections gauge\n");
        }
        for (Series s : series) {
            sb.append("cloudflared_tunnel_ha_connections").append(s.labels().isEmpty() ? "" : "{" + s.labels() + "}")
                    .append(' ').append(s.value()).append(ts).append('\n');
        }
        if (helpAndType) {
            sb.append("# HELP cloudflared_tunnel_request_errors Amount of errors proxying to origin\n")
                    .append("# TYPE cloudflared_tunnel_request_errors counter\n");
        }
        sb.append("cloudflared_tunnel_request_errors 0").append(ts).append('\n');
        if (helpAndType) {
            sb.append("# TYPE quic_client_latency histogram\n");
        }
        sb.append("quic_client_latency_bucket{conn_index=\"0\",le=\"+Inf\"} 12").append(ts).append('\n')
                .append("quic_client_latency_sum{conn_index=\"0\"} 3.5e-02").append(ts).append('\n')
                .append("quic_client_latency_count{conn_index=\"0\"} 12").append(ts).append('\n')
                .append("process_start_time_seconds 1.76478e+09").append(ts).append('\n');
        if (openMetrics) {
            sb.append("# EOF\n");
        }
        return sb.toString();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/metrics")) {
                acceptHeaders.add(Objects.toString(ex.getRequestHeaders().getFirst("Accept"), ""));
                if (silent) {
                    awaitRelease();
                    return;
                }
                String type = openMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                        : "text/plain; version=0.0.4; charset=utf-8";
                LoopbackHttpServer.send(ex, status, type, rawBody != null ? rawBody : body());
            } else if (path.equals("/ready")) {
                int ready = series.stream().mapToInt(s -> (int) Double.parseDouble(s.value())).sum();
                LoopbackHttpServer.send(ex, ready > 0 ? 200 : 503, "application/json",
                        "{\"status\":" + (ready > 0 ? 200 : 503) + ",\"readyConnections\":" + ready
                                + ",\"connectorId\":\"6ff42ae2-765d-4adf-8112-31c55c1551ef\"}");
            } else if (path.equals("/healthcheck")) {
                LoopbackHttpServer.send(ex, 200, "text/plain", "OK\n");
            } else {
                LoopbackHttpServer.send(ex, 404, "text/plain", "404 page not found\n");
            }
        }
    }

    private void awaitRelease() {
        try {
            released.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }

    @Override
    public String toString() {
        return "FakeCloudflaredMetrics " + metricsUrl() + " " + series.stream().map(Series::value)
                .collect(Collectors.joining(","));
    }

    /** {@code name="value"} with the format's escapes, for building a {@link Series}'s labels. */
    public static String label(String name, String value) {
        return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
