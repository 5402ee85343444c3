package io.doorman.checks;

import io.doorman.checks.ValidatorAnswer.Kind;
import io.doorman.plex.PmsClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** The GETs {@code validate} sends (to the proxy and to PMS directly), each read into a {@link ValidatorAnswer}. */
final class ValidatorHttp {

    /** Bodies over this are cut; the items counted so far are enough to judge. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;

    ValidatorHttp(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** GET {@code base + path}, with the token in the query as the runbook's curl sends it (null: no token). */
    ValidatorAnswer get(URI base, String path, String token, Kind kind) {
        String target = token == null ? path : PmsClient.withTokenQuery(path, token);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + target))
                .version(HttpClient.Version.HTTP_1_1).timeout(timeout).header("Accept", "application/xml")
                .GET().build();
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = resp.body()) {
                body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
            boolean via = resp.headers().allValues("Via").stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("doorman"));
            return ValidatorAnswer.of(resp.statusCode(), body, kind, via);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ValidatorAnswer.noAnswer("interrupted");
        } catch (IOException e) {
            return ValidatorAnswer.noAnswer(describe(e, base));
        }
    }

    /** One line naming the address, never the target (it holds the token). */
    static String describe(IOException e, URI base) {
        String at = base.getHost() + ":" + ProbeSockets.port(base);
        if (e instanceof HttpConnectTimeoutException) {
            return "connecting to " + at + " timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return at + " did not answer in time";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "cannot connect to " + at + ": connection refused";
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return "TLS with " + at + " failed (is the certificate trusted and for this host?)";
        }
        return "talking to " + at + " failed (" + e.getClass().getSimpleName() + ")";
    }
}
