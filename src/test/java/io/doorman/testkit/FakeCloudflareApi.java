package io.doorman.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Cloudflare API v4 on loopback (the real one cannot be reached from tests, so this is mocked), answering as
 * frontends.md section 6 describes it: the {@code success/errors/messages/result} envelope, {@code page}/{@code
 * per_page} pagination with {@code result_info}, Bearer auth, zones, named tunnels (409 + code 1013 for a taken name,
 * the run token as base64 JSON) and DNS records (400 + 81053 when a record is in the way, 81057 when identical).
 * Switches make it answer like the unsure corners: a smaller page size, a name filter it ignores, a create race.
 */
public final class FakeCloudflareApi implements AutoCloseable {

    /** A tunnel as stored. */
    public record Tunnel(String id, String name, String secret, boolean remoteConfig, boolean deleted) {
    }

    /** A DNS record as stored. */
    public record Record(String id, String type, String name, String content, boolean proxied, String comment) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern TUNNELS = Pattern.compile("/client/v4/accounts/([^/]+)/cfd_tunnel");
    private static final Pattern TOKEN = Pattern.compile("/client/v4/accounts/([^/]+)/cfd_tunnel/([^/]+)/token");
    private static final Pattern RECORDS = Pattern.compile("/client/v4/zones/([^/]+)/dns_records");
    private static final Pattern RECORD = Pattern.compile("/client/v4/zones/([^/]+)/dns_records/([^/]+)");

    private final String token;
    private final String accountId;
    private final HttpServer server;
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();
    private final Map<String, List<Record>> records = new LinkedHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int maxPerPage = 1000;
    private volatile boolean ignoreNameFilter;
    private volatile boolean raceNextCreate;
    private volatile boolean failWrites;

    /** A fake for one account, accepting only {@code Bearer <token>}. */
    public FakeCloudflareApi(String token, String accountId) {
        this.token = token;
        this.accountId = accountId;
        this.server = LoopbackHttpServer.start("fake Cloudflare API", this::handle);
    }

    /** What {@code --api-base} takes: {@code http://127.0.0.1:PORT/client/v4}. */
    public URI base() {
        return URI.create(LoopbackHttpServer.baseUri(server) + "/client/v4");
    }

    /** Adds a zone; its id. */
    public synchronized String addZone(String name) {
        String id = hex();
        zones.put(id, name);
        records.put(id, new CopyOnWriteArrayList<>());
        return id;
    }

    /** Adds a tunnel as if made elsewhere (the dashboard, another machine); its id. */
    public String addTunnel(String name, boolean remoteConfig, boolean deleted) {
        String id = UUID.randomUUID().toString();
        tunnels.add(new Tunnel(id, name, Base64.getEncoder().encodeToString(new byte[32]), remoteConfig, deleted));
        return id;
    }

    /** Adds a record to a zone. */
    public synchronized void addRecord(String zoneId, String type, String name, String content, boolean proxied) {
        records.get(zoneId).add(new Record(hex(), type, name, content, proxied, ""));
    }

    public List<Tunnel> tunnels() {
        return List.copyOf(tunnels);
    }

    public synchronized List<Record> records(String zoneId) {
        return List.copyOf(records.get(zoneId));
    }

    /** Every call, {@code METHOD /path?query}, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls that would change something (POST, PUT, PATCH, DELETE). */
    public List<String> writes() {
        return calls.stream().filter(c -> !c.startsWith("GET ")).toList();
    }

    /** Every {@code Authorization} header received. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Serves at most {@code n} items a page, whatever {@code per_page} asks. */
    public FakeCloudflareApi maxPerPage(int n) {
        this.maxPerPage = n;
        return this;
    }

    /** Lists every tunnel, whatever {@code name} asks, as a server that ignores an unknown filter would. */
    public FakeCloudflareApi ignoreNameFilter() {
        this.ignoreNameFilter = true;
        return this;
    }

    /** The next tunnel create finds that someone else just made a tunnel of that name: 409, code 1013. */
    public FakeCloudflareApi raceNextCreate() {
        this.raceNextCreate = true;
        return this;
    }

    /** Every write answers 500 with code 10001. */
    public FakeCloudflareApi failWrites() {
        this.failWrites = true;
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            String method = ex.getRequestMethod();
            calls.add(method + " " + path + (query == null ? "" : "?" + query));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            if (!("Bearer " + token).equals(auth)) {
                error(ex, 403, 10000, "Authentication error");
                return;
            }
            if (failWrites && !method.equals("GET")) {
                error(ex, 500, 10001, "service temporarily unavailable");
                return;
            }
            Map<String, String> q = query(query);
            byte[] body = ex.getRequestBody().readAllBytes();
            Matcher m;
            if (path.equals("/client/v4/zones") && method.equals("GET")) {
                listZones(ex, q);
            } else if ((m = TOKEN.matcher(path)).matches() && method.equals("GET")) {
                tunnelToken(ex, m.group(1), m.group(2));
            } else if ((m = TUNNELS.matcher(path)).matches() && method.equals("GET")) {
                listTunnels(ex, m.group(1), q);
            } else if ((m = TUNNELS.matcher(path)).matches() && method.equals("POST")) {
                createTunnel(ex, m.group(1), MAPPER.readTree(body));
            } else if ((m = RECORDS.matcher(path)).matches() && method.equals("GET")) {
                listRecords(ex, m.group(1), q);
            } else if ((m = RECORDS.matcher(path)).matches() && method.equals("POST")) {
                createRecord(ex, m.group(1), MAPPER.readTree(body));
            } else if ((m = RECORD.matcher(path)).matches() && method.equals("PUT")) {
                overwriteRecord(ex, m.group(1), m.group(2), MAPPER.readTree(body));
            } else {
                error(ex, 404, 7003, "Could not route to " + path + ", perhaps your object identifier is invalid?");
            }
        }
    }

    private synchronized void listZones(HttpExchange ex, Map<String, String> q) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        zones.forEach((id, name) -> {
            if (!q.containsKey("name") || q.get("name").equals(name)) {
                out.add(MAPPER.createObjectNode().put("id", id).put("name", name).put("status", "active")
                        .set("account", MAPPER.createObjectNode().put("id", accountId).put("name", "Home")));
            }
        });
        page(ex, out, q);
    }

    private void listTunnels(HttpExchange ex, String account, Map<String, String> q) throws IOException {
        if (!account.equals(accountId)) {
            error(ex, 403, 10000, "Authentication error");
            return;
        }
        List<JsonNode> out = new ArrayList<>();
        for (Tunnel t : tunnels) {
            boolean nameOk = ignoreNameFilter || !q.containsKey("name") || q.get("name").equals(t.name());
            boolean deletedOk = !"false".equals(q.get("is_deleted")) || !t.deleted();
            if (nameOk && deletedOk) {
                out.add(tunnelJson(t));
            }
        }
        page(ex, out, q);
    }

    private void createTunnel(HttpExchange ex, String account, JsonNode body) throws IOException {
        if (!account.equals(accountId)) {
            error(ex, 403, 10000, "Authentication error");
            return;
        }
        String name = body.path("name").asText();
        String secret = body.path("tunnel_secret").asText("");
        if (name.isEmpty() || body.path("config_src").asText("cloudflare").isEmpty()) {
            error(ex, 400, 1001, "name is required");
            return;
        }
        if (!secret.isEmpty() && Base64.getDecoder().decode(secret).length < 32) {
            error(ex, 400, 1002, "tunnel_secret must be at least 32 bytes");
            return;
        }
        if (raceNextCreate) {
            raceNextCreate = false;
            addTunnel(name, false, false);
        }
        if (tunnels.stream().anyMatch(t -> t.name().equals(name) && !t.deleted())) {
            error(ex, 409, 1013, "You already have a tunnel with this name. Choose a different name.");
            return;
        }
        Tunnel t = new Tunnel(UUID.randomUUID().toString(), name, secret.isEmpty()
                ? Base64.getEncoder().encodeToString(UUID.randomUUID().toString().repeat(2).getBytes()) : secret,
                "cloudflare".equals(body.path("config_src").asText("cloudflare")), false);
        tunnels.add(t);
        ObjectNode result = tunnelJson(t);
        result.set("credentials_file", MAPPER.createObjectNode().put("AccountTag", accountId).put("TunnelID", t.id())
                .put("TunnelName", name).put("TunnelSecret", t.secret()));
        result.put("token", runToken(t));
        ok(ex, 200, result, null);
    }

    private void tunnelToken(HttpExchange ex, String account, String id) throws IOException {
        Tunnel t = tunnels.stream().filter(x -> x.id().equals(id) && !x.deleted()).findFirst().orElse(null);
        if (!account.equals(accountId) || t == null) {
            error(ex, 404, 1003, "Tunnel not found");
            return;
        }
        ok(ex, 200, MAPPER.getNodeFactory().textNode(runToken(t)), null);
    }

    private synchronized void listRecords(HttpExchange ex, String zone, Map<String, String> q) throws IOException {
        List<Record> zoneRecords = records.get(zone);
        if (zoneRecords == null) {
            error(ex, 404, 7003, "Could not route to zone");
            return;
        }
        List<JsonNode> out = new ArrayList<>();
        for (Record r : zoneRecords) {
            if ((!q.containsKey("name") || q.get("name").equals(r.name()))
                    && (!q.containsKey("type") || q.get("type").equals(r.type()))) {
                out.add(recordJson(r));
            }
        }
        page(ex, out, q);
    }

    private synchronized void createRecord(HttpExchange ex, String zone, JsonNode body) throws IOException {
        List<Record> zoneRecords = records.get(zone);
        if (zoneRecords == null) {
            error(ex, 404, 7003, "Could not route to zone");
            return;
        }
        Record asked = recordOf(hex(), body);
        for (Record r : zoneRecords) {
            if (r.name().equals(asked.name())) {
                if (r.type().equals(asked.type()) && r.content().equals(asked.content())) {
                    error(ex, 400, 81057, "The record already exists.");
                } else {
                    error(ex, 400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
                }
                return;
            }
        }
        zoneRecords.add(asked);
        ok(ex, 200, recordJson(asked), null);
    }

    private synchronized void overwriteRecord(HttpExchange ex, String zone, String id, JsonNode body)
            throws IOException {
        List<Record> zoneRecords = records.get(zone);
        for (int i = 0; zoneRecords != null && i < zoneRecords.size(); i++) {
            if (zoneRecords.get(i).id().equals(id)) {
                Record r = recordOf(id, body);
                zoneRecords.set(i, r);
                ok(ex, 200, recordJson(r), null);
                return;
            }
        }
        error(ex, 404, 81044, "Record does not exist.");
    }

    private void page(HttpExchange ex, List<JsonNode> all, Map<String, String> q) throws IOException {
        int page = Math.max(1, Integer.parseInt(q.getOrDefault("page", "1")));
        int perPage = Math.min(maxPerPage, Math.max(1, Integer.parseInt(q.getOrDefault("per_page", "20"))));
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode result = MAPPER.createArrayNode();
        all.subList(from, to).forEach(result::add);
        ObjectNode info = MAPPER.createObjectNode().put("page", page).put("per_page", perPage)
                .put("count", to - from).put("total_count", all.size())
                .put("total_pages", (all.size() + perPage - 1) / perPage);
        ok(ex, 200, result, info);
    }

    private static void ok(HttpExchange ex, int status, JsonNode result, JsonNode info) throws IOException {
        ObjectNode env = MAPPER.createObjectNode().put("success", true);
        env.set("errors", MAPPER.createArrayNode());
        env.set("messages", MAPPER.createArrayNode());
        env.set("result", result);
        if (info != null) {
            env.set("result_info", info);
        }
        LoopbackHttpServer.send(ex, status, "application/json", env.toString());
    }

    private static void error(HttpExchange ex, int status, int code, String message) throws IOException {
        ObjectNode env = MAPPER.createObjectNode().put("success", false);
        env.set("errors", MAPPER.createArrayNode().add(MAPPER.createObjectNode().put("code", code)
                .put("message", message)));
        env.set("messages", MAPPER.createArrayNode());
        env.putNull("result");
        LoopbackHttpServer.send(ex, status, "application/json", env.toString());
    }

    private ObjectNode tunnelJson(Tunnel t) {
        ObjectNode n = MAPPER.createObjectNode().put("id", t.id()).put("account_tag", accountId)
                .put("created_at", "2026-12-01T10:00:00Z").put("name", t.name()).put("tun_type", "cfd_tunnel")
                .put("status", "inactive").put("remote_config", t.remoteConfig());
        if (t.deleted()) {
            n.put("deleted_at", "2026-12-02T10:00:00Z");
        } else {
            n.putNull("deleted_at");
        }
        n.set("connections", MAPPER.createArrayNode());
        return n;
    }

    private String runToken(Tunnel t) {
        String json = MAPPER.createObjectNode().put("a", accountId).put("t", t.id()).put("s", t.secret()).toString();
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Record recordOf(String id, JsonNode body) {
        return new Record(id, body.path("type").asText(), body.path("name").asText(), body.path("content").asText(),
                body.path("proxied").asBoolean(false), body.path("comment").asText(""));
    }

    private static JsonNode recordJson(Record r) {
        return MAPPER.createObjectNode().put("id", r.id()).put("type", r.type()).put("name", r.name())
                .put("content", r.content()).put("proxied", r.proxied()).put("ttl", 1).put("comment", r.comment());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
