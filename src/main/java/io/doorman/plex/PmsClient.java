package io.doorman.plex;

import io.doorman.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Doorman's own calls to PMS — token checks, the DVR list, playback follow-ups — asynchronous, each with its
 * timeout, over one {@link HttpClient} that trusts what the proxy trusts for an https upstream.
 */
public final class PmsClient {

    /** A call PMS answered with a status the caller did not want, or a body over the limit. */
    public static final class PmsCallException extends RuntimeException {
        public PmsCallException(String message) {
            super(message, null, false, false);
        }
    }

    private final String base;
    private final HttpClient http;

    /**
     * @param upstream PMS base URL
     * @param http     the client (its TLS settings are the caller's)
     */
    public PmsClient(URI upstream, HttpClient http) {
        this.base = upstream.toString().replaceAll("/+$", "");
        this.http = http;
    }

    /** A client for the configured upstream: its connect timeout, and for https its CA or --upstream-insecure. */
    public static PmsClient forSettings(Settings s) throws GeneralSecurityException, IOException {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(s.connectTimeout());
        if ("https".equalsIgnoreCase(s.upstream().getScheme())) {
            if (s.upstreamInsecure()) {
                // The user asked for it (PMS's own plex.direct certificate); it applies to these calls too.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                b.sslContext(AnyCertificate.context());
            } else if (s.upstreamCa() != null) {
                b.sslContext(trusting(s));
            }
        }
        return new PmsClient(s.upstream(), b.build());
    }

    private static SSLContext trusting(Settings s) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(s.upstreamCa())) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * {@code path?X-Plex-Token=<token>}, the token URL-encoded, as the Go tool asks PMS; a path that already has a
     * query gets the token appended last.
     */
    public static String withTokenQuery(String path, String token) {
        return path + (path.indexOf('?') < 0 ? "?" : "&") + "X-Plex-Token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /**
     * Sends a request without a body and completes with PMS's status (the body is discarded); completes
     * exceptionally on a network error or timeout.
     *
     * @param pathAndQuery raw path and query, still encoded
     * @param headers      headers to send, in order
     * @throws IllegalArgumentException at once, for a method, target or header the HTTP client refuses
     */
    public CompletableFuture<Integer> status(String method, String pathAndQuery,
            List<Map.Entry<String, String>> headers, Duration timeout) {
        HttpRequest.Builder b = request(pathAndQuery, timeout);
        for (Map.Entry<String, String> h : headers) {
            b.header(h.getKey(), h.getValue());
        }
        b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /**
     * GETs a body that must come with {@code 200} and be at most {@code maxBytes}; otherwise completes
     * exceptionally with a {@link PmsCallException} saying which (never quoting the target).
     */
    public CompletableFuture<byte[]> body(String pathAndQuery, String accept, Duration timeout, int maxBytes) {
        HttpRequest req = request(pathAndQuery, timeout).header("Accept", accept).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).thenApply(resp -> {
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new PmsCallException("PMS answered " + resp.statusCode());
                }
                byte[] body = in.readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    throw new PmsCallException("answer larger than " + maxBytes + " bytes");
                }
                return body;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Plain HTTP/1.1 whatever client we were given: the JDK's default would ask PMS to switch to h2c
     * ({@code Upgrade: h2c}, {@code HTTP2-Settings}), which PMS does not speak and no Plex client sends.
     */
    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).version(HttpClient.Version.HTTP_1_1)
                .timeout(timeout);
    }
}
