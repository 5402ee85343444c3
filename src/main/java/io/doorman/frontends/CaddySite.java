package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Doorman's site blocks as Caddy adapted them ({@code POST /adapt}), checked to hold nothing but sites, with every
 * piece marked ({@link CaddyMarks}) and the adapter's certificate tags ({@code cert0}, which a user's adapted
 * Caddyfile uses too) renamed into Doorman's own.
 *
 * @param servers      the adapted servers, in order
 * @param automation   {@code apps.tls.automation.policies} (for {@code tls internal} and the like), marked
 * @param certificates {@code apps.tls.certificates}, by loader ({@code load_files}, …), each entry marked
 */
record CaddySite(List<Server> servers, List<ObjectNode> automation, Map<String, List<ObjectNode>> certificates) {

    /**
     * One adapted server: the addresses it listens on and what Doorman needs in whichever server takes them.
     *
     * @param tlsPolicies    the SNI-matched connection policies ({@code tls CERT KEY}), marked
     * @param automaticHttps the server's {@code automatic_https} settings, or null
     */
    record Server(List<String> listen, List<ObjectNode> routes, List<ObjectNode> tlsPolicies,
            ObjectNode automaticHttps) {

        /** Every host the routes match, in order. */
        List<String> hosts() {
            Set<String> out = new LinkedHashSet<>();
            routes.forEach(r -> out.addAll(hostsOf(r)));
            return List.copyOf(out);
        }
    }

    private static final Set<String> SERVER_KEYS = Set.of("listen", "routes", "tls_connection_policies",
            "automatic_https");

    /** The adapted config ({@code result} of {@code /adapt}) as Doorman's site; refused if it is more than sites. */
    static CaddySite of(JsonNode adapted) throws CaddyRefusal {
        if (adapted == null || !adapted.isObject() || adapted.path("apps").path("http").path("servers").isEmpty()) {
            throw new CaddyRefusal("the generated Caddyfile adapts to no site at all");
        }
        ObjectNode copy = adapted.deepCopy();
        onlyKeys(copy, "", Set.of("apps"));
        onlyKeys(copy.path("apps"), "apps.", Set.of("http", "tls"));
        onlyKeys(copy.path("apps").path("http"), "apps.http.", Set.of("servers"));
        JsonNode tls = copy.path("apps").path("tls");
        onlyKeys(tls, "apps.tls.", Set.of("automation", "certificates"));
        onlyKeys(tls.path("automation"), "apps.tls.automation.", Set.of("policies"));
        renameTags(copy);
        Set<String> ids = new HashSet<>();
        List<Server> servers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : copy.path("apps").path("http").path("servers").properties()) {
            servers.add(server(e.getKey(), e.getValue(), ids));
        }
        List<ObjectNode> automation = new ArrayList<>();
        for (JsonNode p : tls.path("automation").path("policies")) {
            List<String> subjects = CaddyMarks.texts(p.path("subjects"));
            if (subjects.isEmpty()) {
                throw new CaddyRefusal("the generated Caddyfile has a certificate policy for every name; Doorman"
                        + " sets policies only for its own hosts");
            }
            automation.add(marked(p, unique(ids, "doorman-automation-" + subjects.get(0))));
        }
        Map<String, List<ObjectNode>> certificates = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : tls.path("certificates").properties()) {
            List<ObjectNode> entries = new ArrayList<>();
            int i = 0;
            for (JsonNode entry : e.getValue()) {
                if (!entry.isObject()) {
                    throw new CaddyRefusal("the generated Caddyfile loads certificates in a form Doorman cannot mark"
                            + " (apps.tls.certificates." + e.getKey() + ")");
                }
                List<String> tags = CaddyMarks.texts(entry.path("tags"));
                String base = tags.isEmpty() ? "doorman-" + e.getKey() + "-" + i : tags.get(0);
                entries.add(marked(entry, unique(ids, base)));
                i++;
            }
            certificates.put(e.getKey(), entries);
        }
        return new CaddySite(List.copyOf(servers), List.copyOf(automation), certificates);
    }

    /** Every host a route's matchers name. */
    static List<String> hostsOf(JsonNode route) {
        List<String> out = new ArrayList<>();
        for (JsonNode set : route.path("match")) {
            out.addAll(CaddyMarks.texts(set.path("host")));
        }
        return out;
    }

    private static Server server(String name, JsonNode server, Set<String> ids) throws CaddyRefusal {
        onlyKeys(server, "apps.http.servers." + name + ".", SERVER_KEYS);
        List<String> listen = CaddyMarks.texts(server.path("listen"));
        if (listen.isEmpty() || listen.stream().anyMatch(a -> CaddyListen.parse(a).isEmpty())) {
            throw new CaddyRefusal("the generated Caddyfile's server " + name + " listens on " + listen
                    + ": Doorman applies sites on TCP host:port addresses only");
        }
        String port = String.valueOf(CaddyListen.parse(listen.get(0)).orElseThrow().low());
        List<ObjectNode> routes = new ArrayList<>();
        for (JsonNode r : server.path("routes")) {
            boolean everySetNamesAHost = r.path("match").size() > 0;
            for (JsonNode set : r.path("match")) {
                everySetNamesAHost &= set.path("host").size() > 0;
            }
            if (!everySetNamesAHost) {
                throw new CaddyRefusal("the generated Caddyfile has a site on " + listen + " without a host name;"
                        + " it would answer for the user's sites too");
            }
            String host = hostsOf(r).get(0);
            routes.add(marked(r, unique(ids, "doorman-" + host, "doorman-" + host + "-" + port)));
        }
        List<ObjectNode> tlsPolicies = new ArrayList<>();
        for (JsonNode p : server.path("tls_connection_policies")) {
            List<String> sni = CaddyMarks.texts(p.path("match").path("sni"));
            if (!sni.isEmpty()) {
                tlsPolicies.add(marked(p, unique(ids, "doorman-tls-" + sni.get(0))));
            } else if (!p.isEmpty()) {
                throw new CaddyRefusal("the generated Caddyfile sets TLS options for every name on " + listen
                        + "; Doorman sets them only for its own hosts");
            }
        }
        JsonNode auto = server.get("automatic_https");
        return new Server(List.copyOf(listen), List.copyOf(routes), List.copyOf(tlsPolicies),
                auto instanceof ObjectNode o ? o : null);
    }

    /** The adapter numbers its tags from {@code cert0} in every Caddyfile: make Doorman's its own. */
    private static void renameTags(ObjectNode root) {
        for (Map.Entry<String, JsonNode> e : root.path("apps").path("tls").path("certificates").properties()) {
            for (JsonNode entry : e.getValue()) {
                renameAll(entry.path("tags"));
            }
        }
        for (Map.Entry<String, JsonNode> e : root.path("apps").path("http").path("servers").properties()) {
            for (JsonNode p : e.getValue().path("tls_connection_policies")) {
                renameAll(p.path("certificate_selection").path("any_tag"));
                renameAll(p.path("certificate_selection").path("all_tags"));
            }
        }
    }

    private static void renameAll(JsonNode tags) {
        if (tags instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String t = a.get(i).asText();
                if (!t.startsWith(CaddyMarks.PREFIX)) {
                    a.set(i, TextNode.valueOf(CaddyMarks.PREFIX + t));
                }
            }
        }
    }

    private static void onlyKeys(JsonNode node, String at, Set<String> allowed) throws CaddyRefusal {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new CaddyRefusal("the generated Caddyfile sets " + at + e.getKey() + " (a global option?);"
                        + " Doorman applies its site blocks only and leaves the rest of Caddy as it is");
            }
        }
    }

    private static ObjectNode marked(JsonNode node, String id) throws CaddyRefusal {
        if (!(node instanceof ObjectNode o)) {
            throw new CaddyRefusal("the generated Caddyfile adapts to an unexpected shape near " + node);
        }
        ObjectNode copy = CaddyJson.MAPPER.createObjectNode();
        copy.put(CaddyMarks.ID, id);
        copy.setAll(o);
        copy.put(CaddyMarks.ID, id);
        return copy;
    }

    private static String unique(Set<String> ids, String... candidates) {
        for (String c : candidates) {
            if (ids.add(c)) {
                return c;
            }
        }
        String last = candidates[candidates.length - 1];
        for (int i = 2; ; i++) {
            if (ids.add(last + "-" + i)) {
                return last + "-" + i;
            }
        }
    }
}
