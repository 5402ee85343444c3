package io.doorman.checks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code doorman health} probes, as the runbook's health timer does.
 *
 * @param metricsUrl     cloudflared's Prometheus endpoint, e.g. {@code http://127.0.0.1:49312/metrics}
 * @param minConnections the fewest edge connections that count as healthy
 * @param originUrl      the local proxy's identity URL, e.g. {@code http://127.0.0.1:33240/identity}
 * @param publicUrl      the front door's base URL, or null when none is set (the public check is then skipped)
 * @param timeout        the limit for each request, connect included
 */
public record FrontendHealthTargets(URI metricsUrl, int minConnections, URI originUrl, URI publicUrl,
        Duration timeout) {

    public static final URI DEFAULT_METRICS_URL = URI.create("http://127.0.0.1:49312/metrics");
    public static final int DEFAULT_MIN_CONNECTIONS = 2;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Where the public check asks: {@code <public URL>/identity}, or null without a public URL. */
    public URI publicIdentityUrl() {
        if (publicUrl == null) {
            return null;
        }
        String base = publicUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/identity");
    }

    /**
     * An http(s) URL with a host and optionally a path (unlike a base URL); no query, so no token.
     *
     * @throws IllegalArgumentException one line saying what is wrong, never quoting a password
     */
    public static URI endpointUrl(String text) {
        String s = text.strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "; want e.g. http://127.0.0.1:49312/metrics)");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException("not a valid URL (no http:// or https://; want e.g."
                    + " http://127.0.0.1:49312/metrics)");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not a valid URL (scheme '" + scheme + "' is not http or https)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL must not carry a user name or password");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("not a valid URL (no host name or address)");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("URL port " + uri.getPort() + " is out of range 1-65535");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // Health sends no token; a query could only hold one, and the report prints the URL.
            throw new IllegalArgumentException("URL must not have a query or fragment (health needs no token)");
        }
        return uri;
    }
}
