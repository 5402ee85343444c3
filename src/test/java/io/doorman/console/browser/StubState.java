package io.doorman.console.browser;

import static io.doorman.console.browser.StubConsoleApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.console.browser.StubConsoleApi.Answer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stub console's data and its answers for the API contract's endpoints other than auth and streams. */
public final class StubState {

    static final String SETUP_CODE = "7QX2-K9PD-4MRA";
    static final String PASSWORD = "correct horse battery";
    static final String FINGERPRINT = "sha256:3f2a9c0d1e4b5a67";
    static final String DISCOVERED_URL = "http://192.168.1.20:32400";
    static final String LINUX_PREFS = "/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/"
            + "Preferences.xml";
    private static final Pattern HOST = Pattern.compile("/api/hosts/([^/]+)(/frontend|/apply)?");
    private static final Pattern BLOCK = Pattern.compile("/api/blocks/([^/]+)");

    private boolean setupRequired;
    private int badLogins;
    private boolean tokenSet;
    private final Map<String, ObjectNode> hosts = new LinkedHashMap<>();
    private final List<ObjectNode> blocks = new ArrayList<>();
    private ObjectNode sessions;
    private List<String> warnings;

    StubState() {
        reset();
    }

    synchronized void reset() {
        setupRequired = true;
        badLogins = 0;
        tokenSet = false;
        hosts.clear();
        blocks.clear();
        blocks.add(block("203.0.113.7", "repeated unauthorized tokens"));
        blocks.add(block("2001:db8::5", "repeated missing tokens"));
        sessions = JSON.createObjectNode();
        sessions.putArray("sessions");
        warnings = List.of("Plex must list https://plex.example.com:443 in Custom server access URLs.");
    }

    /** A console already set up: the admin exists, so the browser must log in. */
    public synchronized StubState setUp() {
        setupRequired = false;
        tokenSet = true;
        return this;
    }

    /** Adds a host as the API would show it. */
    public synchronized StubState withHost(String name, String domain) {
        ObjectNode h = JSON.createObjectNode().put("name", name);
        h.putArray("domains").add(domain);
        h.put("port", 443).put("upstream", "http://127.0.0.1:32400").put("upstreamSkipVerify", false)
                .put("frontend", "caddy");
        ObjectNode mode = h.putObject("plexMode").put("forwardClientIp", true).put("webSockets", true)
                .put("liveTv", false);
        mode.putArray("lanAliases");
        mode.put("publicHostGuard", false);
        h.put("customUrl", "https://" + domain + ":443");
        hosts.put(name, h);
        return this;
    }

    /** The sessions {@code GET /api/sessions} answers with (the JSON of its {@code sessions} array). */
    public synchronized StubState withSessions(String arrayJson) throws IOException {
        sessions = JSON.createObjectNode();
        sessions.set("sessions", JSON.readTree(arrayJson));
        return this;
    }

    synchronized boolean setupRequired() {
        return setupRequired;
    }

    synchronized Answer setup(JsonNode body) {
        if (!setupRequired) {
            return Answer.error(409, "the console is already set up", null);
        }
        if (!SETUP_CODE.equals(body.path("code").asText())) {
            return Answer.error(403, "wrong setup code", null);
        }
        int bytes = body.path("password").asText().getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 12 || bytes > 72) {
            return Answer.error(400, "the password must be 12 to 72 bytes long", "password");
        }
        setupRequired = false;
        return Answer.json(200, null);
    }

    synchronized Answer login(JsonNode body) {
        if (badLogins >= 5) {
            return new Answer(429, JSON.createObjectNode().put("error", "too many attempts"), Map.of("Retry-After",
                    "300"));
        }
        if (!PASSWORD.equals(body.path("password").asText())) {
            badLogins++;
            return Answer.error(401, "wrong password", null);
        }
        return Answer.json(200, null);
    }

    synchronized Answer answer(String method, String path, String query, String body) throws IOException {
        JsonNode in = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        switch (method + " " + path) {
            case "GET /api/setup/discover":
                ArrayNode servers = JSON.createArrayNode();
                servers.addObject().put("name", "Living Room PMS").put("address", "192.168.1.20").put("port", 32400)
                        .put("version", "1.41.3.9314").put("machineIdentifier", "a1b2c3");
                servers.addObject().put("name", "Attic NAS").put("address", "192.168.1.31").put("port", 32400)
                        .put("version", "1.40.0.7998").put("machineIdentifier", "d4e5f6");
                return Answer.json(200, JSON.createObjectNode().set("servers", servers));
            case "POST /api/setup/import-token":
                return importToken(in);
            case "POST /api/setup/token":
                if (in.path("token").asText().isBlank()) {
                    return Answer.error(400, "paste the token", "token");
                }
                tokenSet = true;
                return Answer.json(200, JSON.createObjectNode().put("tokenSet", true).put("fingerprint", FINGERPRINT));
            case "POST /api/setup/test-connection":
                boolean ok = DISCOVERED_URL.equals(in.path("url").asText());
                return Answer.json(200, ok
                        ? JSON.createObjectNode().put("ok", true).put("name", "Living Room PMS")
                                .put("version", "1.41.3.9314").put("machineIdentifier", "a1b2c3").put("message", "ok")
                        : JSON.createObjectNode().put("ok", false).put("message", "connection refused"));
            case "GET /api/setup/status":
                return Answer.json(200, JSON.createObjectNode().put("pmsUrl", "").put("tokenSet", tokenSet)
                        .put("tokenFingerprint", tokenSet ? FINGERPRINT : null).put("hosts", hosts.size()));
            case "GET /api/hosts":
                return Answer.json(200, JSON.createArrayNode().addAll(hosts.values()));
            case "POST /api/hosts":
                return createHost(in);
            case "GET /api/sessions":
                return Answer.json(200, sessions);
            case "GET /api/blocks":
                return Answer.json(200, JSON.createObjectNode().set("blocks", JSON.createArrayNode().addAll(blocks)));
            case "GET /api/audit":
                return Answer.json(200, audit(query));
            case "GET /api/audit/history":
                ArrayNode points = JSON.createArrayNode();
                for (int i = 0; i < 60; i++) {
                    points.addObject().put("t", 1_700_000_000 + i * 60).put("elevated", i % 7).put("denied",
                            i > 40 ? (i - 40) / 2 : 0);
                }
                return Answer.json(200, JSON.createObjectNode().set("points", points));
            default:
                return byName(method, path, query, in);
        }
    }

    private Answer importToken(JsonNode in) {
        String source = in.path("source").asText();
        if (!List.of("linux", "docker", "path").contains(source)) {
            return Answer.error(400, "source must be linux, docker or path", "source");
        }
        String path = source.equals("linux") ? LINUX_PREFS : in.path("path").asText();
        if (path.isBlank()) {
            return Answer.error(400, "give the path of Preferences.xml", "path");
        }
        if (!path.endsWith("Preferences.xml")) {
            return Answer.error(400, "no Preferences.xml at " + path, "path");
        }
        tokenSet = true;
        return Answer.json(200, JSON.createObjectNode().put("tokenSet", true).put("fingerprint", FINGERPRINT)
                .put("path", path));
    }

    private Answer createHost(JsonNode in) {
        String name = in.path("name").asText();
        if (name.isBlank()) {
            return Answer.error(400, "missing", "name");
        }
        JsonNode domains = in.path("domains");
        if (!domains.isArray() || domains.isEmpty()) {
            return Answer.error(400, "at least one domain is needed", "domains");
        }
        if (!domains.get(0).asText().matches("[a-z0-9.-]+")) {
            return Answer.error(400, "'" + domains.get(0).asText() + "' is not a domain name", "domains");
        }
        if (hosts.containsKey(name)) {
            return Answer.error(409, "a host named " + name + " exists", "name");
        }
        ObjectNode h = ((ObjectNode) in).deepCopy();
        h.put("customUrl", "https://" + domains.get(0).asText() + ":" + in.path("port").asInt(443));
        hosts.put(name, h);
        return Answer.json(201, h);
    }

    private Answer byName(String method, String path, String query, JsonNode in) {
        Matcher block = BLOCK.matcher(path);
        if (method.equals("DELETE") && block.matches()) {
            String source = URLDecoder.decode(block.group(1), StandardCharsets.UTF_8);
            return blocks.removeIf(b -> b.path("source").asText().equals(source)) ? new Answer(204, null, Map.of())
                    : Answer.error(404, "no block for " + source, null);
        }
        Matcher m = HOST.matcher(path);
        if (!m.matches()) {
            return Answer.error(404, "no such endpoint: " + method + " " + path, null);
        }
        String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        ObjectNode host = hosts.get(name);
        if (host == null) {
            return Answer.error(404, "no host named " + name, null);
        }
        String what = method + " " + (m.group(2) == null ? "" : m.group(2));
        switch (what) {
            case "GET ":
                return Answer.json(200, host);
            case "PUT ":
                ObjectNode h = ((ObjectNode) in).deepCopy();
                h.put("customUrl", "https://" + in.path("domains").path(0).asText() + ":" + in.path("port").asInt());
                hosts.put(name, h);
                return Answer.json(200, h);
            case "DELETE ":
                hosts.remove(name);
                return new Answer(204, null, Map.of());
            case "GET /frontend":
                return frontend(name, param(query, "kind", host.path("frontend").asText()));
            case "POST /apply":
                ObjectNode applied = JSON.createObjectNode().put("ok", true)
                        .put("message", "Caddy now serves " + host.path("domains").path(0).asText());
                applied.putArray("changes").add("+ site " + host.path("domains").path(0).asText());
                return Answer.json(200, applied);
            default:
                return Answer.error(405, "not allowed", null);
        }
    }

    /** The frontend answer for a host and kind; {@code GET /api/hosts/{name}/frontend?kind=}. */
    private Answer frontend(String name, String kind) {
        ObjectNode host = hosts.get(name);
        if (host == null) {
            return Answer.error(404, "no host named " + name, null);
        }
        String domain = host.path("domains").path(0).asText();
        ObjectNode o = JSON.createObjectNode().put("kind", kind);
        ArrayNode files = o.putArray("files");
        if (kind.equals("caddy")) {
            files.addObject().put("name", "Caddyfile").put("text", domain + " {\n\treverse_proxy 127.0.0.1:33240 {\n"
                    + "\t\theader_up X-Forwarded-For {remote_host}\n\t\theader_up X-Real-IP {remote_host}\n\t}\n}\n");
        } else {
            files.addObject().put("name", kind + ".conf").put("text", "# " + kind + " for " + domain + "\n");
        }
        o.put("customUrl", host.path("customUrl").asText());
        ArrayNode w = o.putArray("warnings");
        warnings.forEach(w::add);
        o.put("canApply", kind.equals("caddy"));
        return Answer.json(200, o);
    }

    private static String param(String query, String name, String fallback) {
        for (String part : query == null ? new String[0] : query.split("&")) {
            if (part.startsWith(name + "=")) {
                return URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return fallback;
    }

    private ObjectNode audit(String query) {
        String outcome = param(query, "outcome", "");
        ArrayNode events = JSON.createArrayNode();
        String[][] all = {
            {"elevated_live_tv", "sha256:aa11bb22cc33dd44", "198.51.100.4", "GET", "/livetv/dvrs/12/channels"},
            {"deny_unauthorized_token", "sha256:ee55ff6600771188", "203.0.113.7", "POST", "/livetv/dvrs/12/tune"},
            {"deny_missing_token", "", "203.0.113.9", "GET", "/livetv/sessions"},
        };
        for (String[] e : all) {
            if (outcome.isEmpty() || outcome.equals(e[0])) {
                events.addObject().put("time", "2025-12-06T21:15:00Z").put("outcome", e[0]).put("tokenFp", e[1])
                        .put("source", e[2]).put("method", e[3]).put("path", e[4]);
            }
        }
        return JSON.createObjectNode().set("events", events);
    }

    private static ObjectNode block(String source, String reason) {
        return JSON.createObjectNode().put("source", source).put("until", "2025-12-06T23:00:00Z").put("reason", reason);
    }
}
