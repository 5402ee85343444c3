package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Doorman finds its own pieces in a Caddy config: each carries an {@code "@id"} starting with
 * {@value #PREFIX} (Caddy allows {@code @id} on any object and indexes it for {@code /id/…}). Finding them all, and
 * taking them all out, is what lets a re-apply replace Doorman's site and leave everything else alone.
 */
final class CaddyMarks {

    static final String PREFIX = "doorman-";
    static final String ID = "@id";

    /** What a marked piece is. */
    enum Kind { SERVER, ROUTE, TLS_POLICY, AUTOMATION, CERTIFICATE }

    /**
     * One of Doorman's pieces where it sits.
     *
     * @param server the server it belongs to (its name), or empty for the TLS app's pieces
     * @param listen that server's listen addresses, or empty
     */
    record Piece(Kind kind, String id, JsonNode node, String server, List<String> listen) {
    }

    private CaddyMarks() {
    }

    static boolean isDoorman(JsonNode node) {
        return node.path(ID).asText("").startsWith(PREFIX);
    }

    static void mark(ObjectNode node, String id) {
        node.put(ID, id);
    }

    /** Every marked piece of {@code root}, by id, in the order they appear. */
    static Map<String, Piece> collect(JsonNode root) {
        Map<String, Piece> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> s : root.path("apps").path("http").path("servers").properties()) {
            JsonNode server = s.getValue();
            List<String> listen = texts(server.path("listen"));
            add(out, Kind.SERVER, server, s.getKey(), listen);
            for (JsonNode r : server.path("routes")) {
                add(out, Kind.ROUTE, r, s.getKey(), listen);
            }
            for (JsonNode p : server.path("tls_connection_policies")) {
                add(out, Kind.TLS_POLICY, p, s.getKey(), listen);
            }
        }
        JsonNode tls = root.path("apps").path("tls");
        for (JsonNode p : tls.path("automation").path("policies")) {
            add(out, Kind.AUTOMATION, p, "", List.of());
        }
        for (Map.Entry<String, JsonNode> c : tls.path("certificates").properties()) {
            for (JsonNode entry : c.getValue()) {
                add(out, Kind.CERTIFICATE, entry, "", List.of());
            }
        }
        return out;
    }

    private static void add(Map<String, Piece> out, Kind kind, JsonNode node, String server, List<String> listen) {
        if (isDoorman(node)) {
            String id = node.path(ID).asText();
            out.put(id, new Piece(kind, id, node, server, listen));
        }
    }

    /**
     * Takes every marked piece out of {@code root}; a server Doorman added goes too once no route is left in it.
     * A container left empty by this is removed, so what remains reads as the user wrote it.
     */
    static void strip(ObjectNode root) {
        JsonNode apps = root.path("apps");
        JsonNode servers = apps.path("http").path("servers");
        if (servers.isObject()) {
            boolean removed = false;
            Iterator<Map.Entry<String, JsonNode>> it = servers.properties().iterator();
            while (it.hasNext()) {
                if (!(it.next().getValue() instanceof ObjectNode server)) {
                    continue;
                }
                removed |= removeMarked(server, "routes");
                removed |= removeMarked(server, "tls_connection_policies");
                if (isDoorman(server) && server.path("routes").isEmpty()) {
                    it.remove();
                    removed = true;
                }
            }
            if (removed) {
                pruneIfEmpty(root, "apps", "http", "servers");
            }
        }
        if (apps.path("tls").path("automation") instanceof ObjectNode automation
                && removeMarked(automation, "policies")) {
            pruneIfEmpty(root, "apps", "tls", "automation");
        }
        if (apps.path("tls").path("certificates") instanceof ObjectNode certificates) {
            boolean removed = false;
            for (String key : names(certificates)) {
                removed |= removeMarked(certificates, key);
            }
            if (removed) {
                pruneIfEmpty(root, "apps", "tls", "certificates");
            }
        }
    }

    /** Removes the marked elements of {@code parent[key]}, and the key itself if that emptied the array. */
    private static boolean removeMarked(ObjectNode parent, String key) {
        if (!(parent.get(key) instanceof ArrayNode array)) {
            return false;
        }
        boolean removed = false;
        for (int i = array.size() - 1; i >= 0; i--) {
            if (isDoorman(array.get(i))) {
                array.remove(i);
                removed = true;
            }
        }
        if (removed && array.isEmpty()) {
            parent.remove(key);
        }
        return removed;
    }

    /** Walks {@code path} back up from its end, removing each object that is empty. */
    private static void pruneIfEmpty(ObjectNode root, String... path) {
        for (int depth = path.length; depth > 0; depth--) {
            JsonNode parent = root;
            for (int i = 0; i < depth - 1; i++) {
                parent = parent.path(path[i]);
            }
            JsonNode child = parent.path(path[depth - 1]);
            if (!(parent instanceof ObjectNode p) || !child.isObject() || !child.isEmpty()) {
                return;
            }
            p.remove(path[depth - 1]);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.properties().forEach(e -> out.add(e.getKey()));
        return out;
    }
}
