package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.FrontendHealthHttp.Result;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * The health timer's probes of a Cloudflare Tunnel front door, each one check: cloudflared's metrics answer
 * ({@value FrontendHealth#METRICS}), enough edge connections ({@value FrontendHealth#CONNECTIONS}), the local
 * origin ({@value FrontendHealth#ORIGIN}) and the public URL ({@value FrontendHealth#PUBLIC}). The fixes say what a
 * person can look at; {@link FrontendHealth} adds what a restart would do.
 */
public final class FrontendHealthProbe {

    /** The classic text format: a cloudflared that could negotiate OpenMetrics is asked not to. */
    static final String METRICS_ACCEPT = "text/plain;version=0.0.4;q=1, */*;q=0.1";

    private final FrontendHealthTargets targets;
    private final FrontendHealthHttp http;

    public FrontendHealthProbe(FrontendHealthTargets targets) {
        this.targets = targets;
        this.http = new FrontendHealthHttp(targets.timeout());
    }

    /** Runs every probe in the runbook's order, one check each. */
    public void run(Consumer<Check> out) {
        tunnel(out);
        out.accept(origin());
        out.accept(publicPath());
    }

    private void tunnel(Consumer<Check> out) {
        URI url = targets.metricsUrl();
        String where = "cloudflared metrics at " + url;
        String skipWhy = "not checked: no metrics from " + url + " (see " + FrontendHealth.METRICS + ")";
        Result r = http.get(url, METRICS_ACCEPT);
        if (r instanceof Result.NoAnswer none) {
            out.accept(Check.fail(FrontendHealth.METRICS, where + ": " + none.why(),
                    "check that the tunnel runs and that its config sets metrics: " + hostPort(url)
                            + " (or give --metrics-url)"));
            out.accept(Check.skip(FrontendHealth.CONNECTIONS, skipWhy));
            return;
        }
        Result.Answered a = (Result.Answered) r;
        String notMetrics = "the address answers but not with cloudflared's /metrics: compare --metrics-url with"
                + " metrics: in the tunnel's config";
        if (!a.ok()) {
            out.accept(Check.fail(FrontendHealth.METRICS, where + " answered HTTP " + a.status(), notMetrics));
            out.accept(Check.skip(FrontendHealth.CONNECTIONS, skipWhy));
            return;
        }
        if (a.truncated()) {
            out.accept(Check.fail(FrontendHealth.METRICS, where + " sent more than "
                    + (FrontendHealthHttp.MAX_BODY_BYTES >> 20) + " MiB", notMetrics));
            out.accept(Check.skip(FrontendHealth.CONNECTIONS, skipWhy));
            return;
        }
        List<PrometheusText.Sample> samples;
        try {
            samples = PrometheusText.parse(a.body());
        } catch (PrometheusText.Malformed e) {
            out.accept(Check.fail(FrontendHealth.METRICS, where + " is not Prometheus text (" + e.getMessage() + ")",
                    notMetrics));
            out.accept(Check.skip(FrontendHealth.CONNECTIONS, skipWhy));
            return;
        }
        out.accept(Check.pass(FrontendHealth.METRICS, where + " answered (" + samples.size() + " samples)"));
        out.accept(connections(FrontendHealthConnections.count(samples)));
    }

    private Check connections(FrontendHealthConnections.Count count) {
        int min = targets.minConnections();
        String netFix = "cloudflared reaches too few Cloudflare edges: check the host's outbound network (port 7844,"
                + " UDP for QUIC, TCP for http2) and the tunnel's log";
        return switch (count) {
            case FrontendHealthConnections.Count.Unknown u -> Check.fail(FrontendHealth.CONNECTIONS, u.why(),
                    "point --metrics-url at the tunnel's own metrics: address");
            case FrontendHealthConnections.Count.Total t when t.total() < min -> Check.fail(FrontendHealth.CONNECTIONS,
                    t.total() + " edge connection" + (t.total() == 1 ? "" : "s") + series(t) + ", want at least "
                            + min, netFix);
            case FrontendHealthConnections.Count.Total t -> Check.pass(FrontendHealth.CONNECTIONS, t.total()
                    + " edge connections" + series(t) + " (at least " + min + ")");
        };
    }

    private static String series(FrontendHealthConnections.Count.Total t) {
        return t.series() == 1 ? "" : " (sum of " + t.series() + " series)";
    }

    private Check origin() {
        URI url = targets.originUrl();
        // The tunnel asks the origin for the public name (its httpHostHeader); Doorman with hosts routes by that
        // name and answers 404 to an address it has no host for, so the check asks as the tunnel does.
        String host = originHost(url, targets.publicUrl());
        String asked = host == null ? "origin " + url : "origin " + url + " (Host: " + host + ")";
        String fix = "check that Doorman runs and listens where --origin-url points";
        return switch (http.get(url, null, host)) {
            case Result.NoAnswer none -> Check.fail(FrontendHealth.ORIGIN, asked + ": " + none.why(), fix);
            case Result.Answered a when a.ok() -> Check.pass(FrontendHealth.ORIGIN, asked + " answered HTTP "
                    + a.status());
            case Result.Answered a when a.status() == 404 && host == null -> Check.fail(FrontendHealth.ORIGIN, asked
                    + " answered HTTP 404, want 2xx", "with hosts in hosts.yaml Doorman answers 404 to a name it has"
                    + " no host for: set the public URL (--public-url or DOORMAN_PUBLIC_URL) to one of the hosts'"
                    + " domains, so the check asks for it");
            case Result.Answered a -> Check.fail(FrontendHealth.ORIGIN, asked + " answered HTTP "
                    + a.status() + ", want 2xx", fix + ", and that PMS behind it answers");
        };
    }

    /** The public URL's host (with its port unless the default), or null when there is none or it is the same. */
    static String originHost(URI origin, URI publicUrl) {
        if (publicUrl == null || publicUrl.getHost() == null || publicUrl.getHost().equalsIgnoreCase(origin.getHost())) {
            return null;
        }
        int port = publicUrl.getPort();
        return port < 0 || port == ("https".equalsIgnoreCase(publicUrl.getScheme()) ? 443 : 80)
                ? publicUrl.getHost() : publicUrl.getHost() + ":" + port;
    }

    private Check publicPath() {
        URI url = targets.publicIdentityUrl();
        if (url == null) {
            return Check.skip(FrontendHealth.PUBLIC, "not checked: no public URL set (--public-url,"
                    + " DOORMAN_PUBLIC_URL or public-url in the config file)");
        }
        String fix = "check the host name's DNS (a proxied CNAME to <tunnel id>.cfargotunnel.com) and the tunnel's"
                + " ingress rule for it";
        return switch (http.get(url, null)) {
            case Result.NoAnswer none -> Check.fail(FrontendHealth.PUBLIC, "public " + url + ": " + none.why(), fix);
            case Result.Answered a when a.ok() -> Check.pass(FrontendHealth.PUBLIC, "public " + url
                    + " answered HTTP " + a.status());
            case Result.Answered a -> Check.fail(FrontendHealth.PUBLIC, "public " + url + " answered HTTP "
                    + a.status() + ", want 2xx", fix);
        };
    }

    private static String hostPort(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return url.getHost() + ":" + port;
    }
}
