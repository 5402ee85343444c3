package io.doorman.checks;

import io.doorman.config.GoDuration;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * One bounded {@code GET} for a health check: the status and a capped body, or one line saying why there was no
 * answer. Redirects are not followed: a login page in front of the origin is not a healthy origin.
 */
final class FrontendHealthHttp {

    /** cloudflared's metrics are some tens of KiB; anything far larger is not them. */
    static final int MAX_BODY_BYTES = 4 << 20;

    /** An answer, or none. */
    sealed interface Result {
        /** {@code truncated}: the body was longer than the cap and was cut there. */
        record Answered(int status, String body, boolean truncated) implements Result {
            boolean ok() {
                return status >= 200 && status < 300;
            }
        }

        /** No HTTP answer; {@code why} is one line without the URL. */
        record NoAnswer(String why) implements Result {
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    FrontendHealthHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Asks once. The client's timeout covers connecting and the response head; the body is read under the same
     * limit again, so a server that trickles its body cannot hold the timer's run up either.
     *
     * @param accept the Accept header, or null for none
     */
    Result get(URI url, String accept) {
        return get(url, accept, null);
    }

    /**
     * As {@link #get(URI, String)}, sending {@code host} as the Host header (null: the URL's own). Needs the
     * JVM started with {@code jdk.httpclient.allowRestrictedHeaders=host}, as {@code Main} sees to.
     */
    Result get(URI url, String accept, String host) {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "doorman-health");
        if (accept != null) {
            req.header("Accept", accept);
        }
        if (host != null) {
            req.header("Host", host);
        }
        AtomicReference<InputStream> open = new AtomicReference<>();
        AtomicReference<Result> result = new AtomicReference<>();
        Thread asking = Thread.ofVirtual().name("health-get").start(() -> result.set(ask(req.build(), open)));
        try {
            if (!asking.join(timeout.multipliedBy(2).plusSeconds(1))) {
                asking.interrupt();
                closeQuietly(open.get());
                asking.join(Duration.ofSeconds(2));
                return new Result.NoAnswer("the answer did not arrive within " + GoDuration.format(timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            asking.interrupt();
            closeQuietly(open.get());
            return new Result.NoAnswer("interrupted");
        }
        return result.get();
    }

    private Result ask(HttpRequest req, AtomicReference<InputStream> open) {
        try {
            HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                open.set(in);
                byte[] body = in.readNBytes(MAX_BODY_BYTES);
                boolean truncated = in.read() >= 0;
                return new Result.Answered(r.statusCode(), new String(body, StandardCharsets.UTF_8), truncated);
            }
        } catch (HttpConnectTimeoutException e) {
            return new Result.NoAnswer("connect timed out after " + GoDuration.format(timeout));
        } catch (HttpTimeoutException e) {
            return new Result.NoAnswer("no answer within " + GoDuration.format(timeout));
        } catch (ConnectException e) {
            return new Result.NoAnswer(unresolved(e) ? "host name not found" : "connection refused");
        } catch (SSLException e) {
            return new Result.NoAnswer("TLS failed (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            return new Result.NoAnswer(unresolved(e) ? "host name not found"
                    : "connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            return new Result.NoAnswer("interrupted");
        }
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing only unblocks the reader; nothing else to do.
            }
        }
    }
}
