package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Cloudflare API v4 calls the tunnel reconciler makes: find the zone, find or create a named tunnel, read its
 * token, and find, create or overwrite DNS records. Each answer is unwrapped from Cloudflare's envelope; list calls
 * follow its pagination; a failure names the call and carries Cloudflare's error codes, never the token.
 */
public final class CloudflareApi {

    /** The public API. */
    public static final URI DEFAULT_BASE = URI.create("https://api.cloudflare.com/client/v4");
    static final int PER_PAGE = 50;
    /** A bound on pagination, so a misbehaving server cannot keep us listing forever. */
    private static final int MAX_PAGES = 100;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A zone: its id and name. */
    public record Zone(String id, String name) {
    }

    /** A named tunnel; {@code remoteConfig} when its ingress is managed in the dashboard, not by a local file. */
    public record Tunnel(String id, String name, boolean remoteConfig) {
    }

    /** A DNS record as the reconciler reads it. */
    public record DnsRecord(String id, String type, String name, String content, boolean proxied) {
    }

    private final String base;
    private final Secret token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    the API base, e.g. {@link #DEFAULT_BASE} (no trailing slash needed)
     * @param token   an API token with Account › Cloudflare Tunnel › Edit and Zone › DNS › Edit
     * @param timeout bounds each call
     */
    public CloudflareApi(URI base, Secret token, Duration timeout) {
        if (base == null || base.getHost() == null || !("https".equalsIgnoreCase(base.getScheme())
                || "http".equalsIgnoreCase(base.getScheme()))) {
            throw new IllegalArgumentException("want an https:// URL such as " + DEFAULT_BASE + ", got " + base);
        }
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The zone of this exact name, or null when the token sees none. */
    public Zone zone(String name) throws CloudflareApiException {
        for (JsonNode z : list("find zone " + name, "/zones?name=" + q(name))) {
            if (name.equalsIgnoreCase(z.path("name").asText())) {
                return new Zone(z.path("id").asText(), z.path("name").asText());
            }
        }
        return null;
    }

    /** The live (not deleted) tunnel of this exact name in the account, or null. */
    public Tunnel tunnel(String accountId, String name) throws CloudflareApiException {
        for (JsonNode t : list("find tunnel " + name, "/accounts/" + p(accountId) + "/cfd_tunnel?name=" + q(name)
                + "&is_deleted=false")) {
            JsonNode deleted = t.path("deleted_at");
            if (name.equals(t.path("name").asText()) && (deleted.isNull() || deleted.isMissingNode())) {
                return tunnelOf(t);
            }
        }
        return null;
    }

    /**
     * Creates a locally managed tunnel ({@code config_src: local}, so the ingress comes from the file Doorman
     * writes) with this secret.
     *
     * @throws CloudflareApiException with code 1013 (HTTP 409) when the name is taken
     */
    public Tunnel createTunnel(String accountId, String name, String secretBase64) throws CloudflareApiException {
        ObjectNode body = MAPPER.createObjectNode().put("name", name).put("config_src", "local")
                .put("tunnel_secret", secretBase64);
        return tunnelOf(call("create tunnel " + name, "POST", "/accounts/" + p(accountId) + "/cfd_tunnel", body)
                .path("result"));
    }

    /** The tunnel's run token ({@code base64} of {@code {"a":…,"t":…,"s":…}}). */
    public Secret tunnelToken(String accountId, String tunnelId) throws CloudflareApiException {
        JsonNode result = call("read the token of tunnel " + tunnelId, "GET", "/accounts/" + p(accountId)
                + "/cfd_tunnel/" + p(tunnelId) + "/token", null).path("result");
        if (!result.isTextual()) {
            throw new CloudflareApiException(200, List.of(), "read the token of tunnel " + tunnelId
                    + ": Cloudflare's answer holds no token string");
        }
        return new Secret(result.asText());
    }

    /** Every record of any type with exactly this name. */
    public List<DnsRecord> records(String zoneId, String name) throws CloudflareApiException {
        List<DnsRecord> out = new ArrayList<>();
        for (JsonNode r : list("find DNS records for " + name, "/zones/" + p(zoneId) + "/dns_records?name=" + q(name))) {
            if (name.equalsIgnoreCase(r.path("name").asText())) {
                out.add(recordOf(r));
            }
        }
        return out;
    }

    /** Creates a proxied CNAME with automatic TTL. */
    public DnsRecord createCname(String zoneId, String name, String target, String comment)
            throws CloudflareApiException {
        return recordOf(call("create CNAME " + name, "POST", "/zones/" + p(zoneId) + "/dns_records",
                cname(name, target, comment)).path("result"));
    }

    /** Overwrites record {@code id} with a proxied CNAME with automatic TTL. */
    public DnsRecord overwriteCname(String zoneId, String id, String name, String target, String comment)
            throws CloudflareApiException {
        return recordOf(call("update CNAME " + name, "PUT", "/zones/" + p(zoneId) + "/dns_records/" + p(id),
                cname(name, target, comment)).path("result"));
    }

    private static ObjectNode cname(String name, String target, String comment) {
        return MAPPER.createObjectNode().put("type", "CNAME").put("name", name).put("content", target)
                .put("proxied", true).put("ttl", 1).put("comment", comment);
    }

    private List<JsonNode> list(String what, String pathAndQuery) throws CloudflareApiException {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode env = call(what, "GET", pathAndQuery + "&page=" + page + "&per_page=" + PER_PAGE, null);
            JsonNode result = env.path("result");
            if (!result.isArray()) {
                throw new CloudflareApiException(200, List.of(), what + ": Cloudflare's answer holds no list");
            }
            result.forEach(all::add);
            JsonNode info = env.path("result_info");
            int count = info.path("count").asInt(result.size());
            int perPage = info.path("per_page").asInt(PER_PAGE);
            int total = info.path("total_count").asInt(-1);
            if (result.isEmpty() || count < perPage || total >= 0 && all.size() >= total) {
                return all;
            }
        }
        throw new CloudflareApiException(200, List.of(), what + ": more than " + MAX_PAGES + " pages of results");
    }

    private JsonNode call(String what, String method, String pathAndQuery, JsonNode body)
            throws CloudflareApiException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                .header("Authorization", "Bearer " + token.reveal()).header("Accept", "application/json");
        if (body != null) {
            req.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CloudflareApiException(0, List.of(), what + ": cannot reach " + host() + " (" + why(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudflareApiException(0, List.of(), what + ": interrupted");
        }
        JsonNode env;
        try {
            env = MAPPER.readTree(resp.body());
        } catch (IOException e) {
            env = null;
        }
        if (env == null || !env.isObject()) {
            throw new CloudflareApiException(resp.statusCode(), List.of(), what + ": HTTP " + resp.statusCode()
                    + " from " + host() + " without Cloudflare's JSON envelope");
        }
        if (resp.statusCode() / 100 != 2 || !env.path("success").asBoolean(false)) {
            List<Integer> codes = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (JsonNode e : env.path("errors")) {
                codes.add(e.path("code").asInt());
                texts.add(e.path("code").asInt() + " " + e.path("message").asText());
            }
            String hint = resp.statusCode() == 401 || resp.statusCode() == 403
                    ? " (check that CLOUDFLARE_API_TOKEN is valid and has Account > Cloudflare Tunnel > Edit,"
                            + " Zone > DNS > Edit and Zone > Zone > Read)" : "";
            throw new CloudflareApiException(resp.statusCode(), codes, what + ": HTTP " + resp.statusCode()
                    + (texts.isEmpty() ? "" : ": " + redact(String.join("; ", texts))) + hint);
        }
        return env;
    }

    private String why(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused or no route";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + "s";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + redact(String.valueOf(e.getMessage()));
        }
        return e.getMessage() == null ? "connection failed" : redact(e.getMessage());
    }

    private String host() {
        return URI.create(base).getAuthority();
    }

    /** Cloudflare does not echo tokens, but a proxy in between might: never let one through. */
    private String redact(String text) {
        String t = token.reveal();
        return t.isEmpty() ? text : text.replace(t, "(token)");
    }

    private static Tunnel tunnelOf(JsonNode t) {
        return new Tunnel(t.path("id").asText(), t.path("name").asText(), t.path("remote_config").asBoolean(false));
    }

    private static DnsRecord recordOf(JsonNode r) {
        return new DnsRecord(r.path("id").asText(), r.path("type").asText().toUpperCase(Locale.ROOT),
                r.path("name").asText(), r.path("content").asText(), r.path("proxied").asBoolean(false));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String p(String segment) {
        if (!segment.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalArgumentException("'" + segment + "' is not a Cloudflare id");
        }
        return segment;
    }
}
