package io.doorman.checks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The doctor's edge to everything but PMS (plex.tv, Doorman's admin listener): one bounded GET at a time,
 * failures turned into one line that never quotes a header (the token travels in one).
 */
public final class DoctorHttp {

    /** A status and a body of at most the asked size. */
    public record Answer(int status, byte[] body) {
    }

    /** A call that got no answer; the message says why in words a person can act on. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public DoctorHttp(Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    /** @param what who is asked, e.g. {@code plex.tv at https://plex.tv}, for the failure's message */
    public Answer get(URI uri, Map<String, String> headers, int maxBytes, String what) throws Unreachable {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(b::header);
        try {
            HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                byte[] body = in.readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    throw new Unreachable(what + " answered more than " + maxBytes + " bytes");
                }
                return new Answer(resp.statusCode(), body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(what + ": interrupted");
        } catch (IOException | UnresolvedAddressException e) {
            throw new Unreachable(describe(e, what));
        }
    }

    private static String describe(Exception e, String what) {
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot reach " + what + ": connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return what + " did not answer in time";
        }
        if (e instanceof ConnectException || e instanceof UnresolvedAddressException
                || e.getCause() instanceof UnresolvedAddressException) {
            return "cannot reach " + what + ": connection refused or host unknown";
        }
        if (e instanceof SSLException) {
            return "cannot talk TLS to " + what + ": " + e.getClass().getSimpleName();
        }
        return "cannot reach " + what + ": " + e.getClass().getSimpleName();
    }
}
