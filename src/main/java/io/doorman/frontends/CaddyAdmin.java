package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small client for a running Caddy's admin API: read the whole config with its Etag, adapt a Caddyfile, replace
 * the config only if it is still the one read ({@code If-Match}), and load a config whole (for a rollback).
 * Every failure names the admin URL and carries Caddy's own {@code {"error":…}} text.
 */
public final class CaddyAdmin {

    /** Caddy's default admin address. */
    public static final URI DEFAULT = URI.create("http://127.0.0.1:2019");
    static final String CONFIG_PATH = "/config/";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The whole config as read.
     *
     * @param raw     the exact body Caddy sent ({@code null\n} for an empty config)
     * @param config  that body parsed (a {@code NullNode} for an empty config)
     * @param ifMatch the {@code If-Match} value that writes only over this very config
     */
    public record Snapshot(byte[] raw, JsonNode config, String ifMatch) {
    }

    /** A Caddyfile adapted to JSON, with Caddy's adapter warnings as one line each. */
    public record Adapted(JsonNode config, List<String> warnings) {
    }

    /** How a guarded write ended. */
    public sealed interface WriteResult {

        /** Caddy took the new config and runs it. */
        record Written() implements WriteResult {
        }

        /** The config changed since it was read (HTTP 412); nothing was written. */
        record Stale() implements WriteResult {
        }

        /** Caddy refused the config and kept the old one; {@code message} is Caddy's error. */
        record Rejected(String message) implements WriteResult {
        }
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param admin   the admin endpoint, e.g. {@code http://127.0.0.1:2019} (a path, if any, is ignored)
     * @param timeout bounds each call once connected (a config load provisions every module, so not too short)
     */
    public CaddyAdmin(URI admin, Duration timeout) {
        if (admin == null || admin.getHost() == null || !("http".equalsIgnoreCase(admin.getScheme())
                || "https".equalsIgnoreCase(admin.getScheme()))) {
            throw new IllegalArgumentException("--caddy-admin: expected an http:// URL such as " + DEFAULT
                    + ", got " + admin);
        }
        this.base = URI.create(admin.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + admin.getRawAuthority());
        this.timeout = timeout;
        // HTTP/1.1 only: Caddy's admin listener does not speak h2c, and an Upgrade offer helps nothing.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The admin endpoint, as messages name it. */
    public URI uri() {
        return base;
    }

    /** {@code GET /config/}: the whole running config. */
    public Snapshot config() throws CaddyAdminException {
        HttpResponse<byte[]> r = send("GET " + CONFIG_PATH, request(CONFIG_PATH).GET().build());
        requireOk("GET " + CONFIG_PATH, r);
        JsonNode config;
        try {
            config = CaddyJson.parse(r.body());
        } catch (IOException e) {
            throw new CaddyAdminException(where() + ": GET " + CONFIG_PATH + " answered something that is not JSON");
        }
        return new Snapshot(r.body(), config, CaddyEtag.ifMatch(CONFIG_PATH, r.body()));
    }

    /** {@code POST /adapt} with a Caddyfile: Caddy's JSON for it, without loading it. */
    public Adapted adapt(String caddyfile) throws CaddyAdminException {
        HttpResponse<byte[]> r = send("POST /adapt", request("/adapt").header("Content-Type", "text/caddyfile")
                .POST(HttpRequest.BodyPublishers.ofString(caddyfile, StandardCharsets.UTF_8)).build());
        requireOk("POST /adapt", r);
        JsonNode answer;
        try {
            answer = CaddyJson.parse(r.body());
        } catch (IOException e) {
            throw new CaddyAdminException(where() + ": POST /adapt answered something that is not JSON");
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : answer.path("warnings")) {
            String at = w.path("file").asText("Caddyfile") + (w.has("line") ? ":" + w.path("line").asInt() : "");
            String directive = w.path("directive").asText("");
            warnings.add(at + ": " + (directive.isEmpty() ? "" : directive + ": ") + w.path("message").asText());
        }
        return new Adapted(answer.path("result"), List.copyOf(warnings));
    }

    /** {@code POST /config/} with {@code If-Match}: replaces the whole config only if it is still the one read. */
    public WriteResult replaceConfig(JsonNode config, String ifMatch) throws CaddyAdminException {
        HttpResponse<byte[]> r = send("POST " + CONFIG_PATH, request(CONFIG_PATH)
                .header("Content-Type", "application/json").header("If-Match", ifMatch)
                .POST(HttpRequest.BodyPublishers.ofByteArray(CaddyJson.bytes(config))).build());
        if (r.statusCode() == 412) {
            return new WriteResult.Stale();
        }
        if (r.statusCode() == 200) {
            return new WriteResult.Written();
        }
        return new WriteResult.Rejected(errorText(r));
    }

    /** {@code POST /load}: replaces everything, admin block included, with exactly these bytes. */
    public void load(byte[] rawConfig) throws CaddyAdminException {
        HttpResponse<byte[]> r = send("POST /load", request("/load").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rawConfig)).build());
        requireOk("POST /load", r);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    private HttpResponse<byte[]> send(String call, HttpRequest request) throws CaddyAdminException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new CaddyAdminException("cannot reach Caddy's admin API at " + base + ": no connection within "
                    + CONNECT_TIMEOUT.toSeconds() + "s (is Caddy running, and is --caddy-admin right?)", e);
        } catch (HttpTimeoutException e) {
            throw new CaddyAdminException(where() + ": no answer to " + call + " within " + timeout.toSeconds()
                    + "s", e);
        } catch (ConnectException e) {
            throw new CaddyAdminException("cannot reach Caddy's admin API at " + base
                    + ": connection refused (is Caddy running, and is --caddy-admin right?)", e);
        } catch (IOException e) {
            throw new CaddyAdminException(where() + ": " + call + " failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaddyAdminException(where() + ": interrupted during " + call, e);
        }
    }

    private void requireOk(String call, HttpResponse<byte[]> r) throws CaddyAdminException {
        if (r.statusCode() != 200) {
            throw new CaddyAdminException(where() + ": " + call + " answered HTTP " + r.statusCode() + ": "
                    + errorText(r));
        }
    }

    /** Caddy's {@code {"error":"…"}} message, or the start of whatever else came back. */
    private static String errorText(HttpResponse<byte[]> r) {
        String body = new String(r.body(), StandardCharsets.UTF_8).strip();
        try {
            JsonNode error = CaddyJson.parse(r.body()).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException e) {
            // not JSON: show the text itself
        }
        if (body.isEmpty()) {
            return "(no message)";
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private String where() {
        return "Caddy's admin API at " + base;
    }
}
