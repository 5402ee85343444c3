package io.doorman.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake plex.tv on loopback (plex.tv itself cannot be reached from tests, so this is the one mocked service):
 * {@code GET /api/v2/resources} as plex-api.md section 7 describes it, JSON only. It wants
 * {@code X-Plex-Client-Identifier} (400 with plex.tv's error otherwise) and a known {@code X-Plex-Token} (401).
 */
public final class FakePlexTv implements AutoCloseable {

    /** One advertised connection. */
    public record Connection(String protocol, String address, int port, String uri, boolean local, boolean relay) {

        /** PMS's own LAN address as plex.direct, local=1. */
        public static Connection lanPlexDirect(String ip, String hash) {
            return new Connection("https", ip, 32400, "https://" + ip.replace('.', '-') + "." + hash
                    + ".plex.direct:32400", true, false);
        }

        /** A customConnections URL, e.g. {@code https://media.example.com:443}. */
        public static Connection custom(String uri) {
            URI u = URI.create(uri);
            return new Connection(u.getScheme(), u.getHost(), u.getPort(), uri, false, false);
        }

        /** Remote Access's direct path: plex.direct on the public address and the mapped port. */
        public static Connection publicPlexDirect(String ip, String hash, int port) {
            return new Connection("https", ip, port, "https://" + ip.replace('.', '-') + "." + hash + ".plex.direct:"
                    + port, false, false);
        }

        /** Plex Relay. */
        public static Connection relay(String ip, String hash) {
            return new Connection("https", ip, 8443, "https://" + ip.replace('.', '-') + "." + hash
                    + ".plex.direct:8443", false, true);
        }
    }

    /** One listed server. */
    public record Resource(String name, String clientIdentifier, String publicAddress, List<Connection> connections) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private volatile List<Resource> resources = List.of();
    private volatile boolean requireClientIdentifier = true;

    private FakePlexTv() {
        this.server = LoopbackHttpServer.start("fake plex.tv", this::handle);
    }

    public static FakePlexTv start() {
        return new FakePlexTv();
    }

    public URI baseUri() {
        return LoopbackHttpServer.baseUri(server);
    }

    /** A token plex.tv accepts. */
    public void acceptToken(String token) {
        tokens.add(token);
    }

    public void resources(Resource... listed) {
        resources = List.of(listed);
    }

    /** plex.tv v2 wants X-Plex-Client-Identifier [C]; a test may turn that off. */
    public void requireClientIdentifier(boolean on) {
        requireClientIdentifier = on;
    }

    /** Each request's headers (lower-case names, first values), in arrival order. */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new java.util.HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            requests.add(Map.copyOf(headers));
            if (!ex.getRequestURI().getPath().equals("/api/v2/resources")) {
                send(ex, 404, "{\"errors\":[{\"code\":1002,\"message\":\"Not found\",\"status\":404}]}");
            } else if (requireClientIdentifier && headers.getOrDefault("x-plex-client-identifier", "").isBlank()) {
                send(ex, 400, "{\"errors\":[{\"code\":1000,\"message\":\"X-Plex-Client-Identifier is missing\","
                        + "\"status\":400}]}");
            } else if (!tokens.contains(headers.getOrDefault("x-plex-token", ""))) {
                send(ex, 401, "{\"errors\":[{\"code\":1001,\"message\":\"User could not be authenticated\","
                        + "\"status\":401}]}");
            } else {
                send(ex, 200, JSON.writeValueAsString(body(ex.getRequestURI().getQuery())));
            }
        }
    }

    /** Relay connections only with includeRelay=1, as plex.tv does. */
    private ArrayNode body(String query) {
        boolean relay = query != null && query.contains("includeRelay=1");
        ArrayNode root = JSON.createArrayNode();
        for (Resource r : resources) {
            ObjectNode n = root.addObject();
            n.put("name", r.name()).put("product", "Plex Media Server").put("provides", "server")
                    .put("clientIdentifier", r.clientIdentifier()).put("publicAddress", r.publicAddress())
                    .put("owned", true).put("accessToken", "resource-access-token-not-for-output")
                    .put("createdAt", "2021-01-01T12:12:24Z");
            ArrayNode cs = n.putArray("connections");
            List<Connection> shown = new ArrayList<>(r.connections());
            shown.removeIf(c -> c.relay() && !relay);
            for (Connection c : shown) {
                cs.addObject().put("protocol", c.protocol()).put("address", c.address()).put("port", c.port())
                        .put("uri", c.uri()).put("local", c.local()).put("relay", c.relay()).put("IPv6", false);
            }
        }
        return root;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        LoopbackHttpServer.send(ex, status, "application/json", body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
