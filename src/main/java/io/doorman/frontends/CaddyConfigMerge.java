package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Puts Doorman's adapted site into a running Caddy's config without touching anything else: Doorman's previous
 * pieces (marked, see {@link CaddyMarks}) come out, the new ones go in — routes into the server already listening
 * on their port, ahead of any route that would answer for their hosts, or into a server of their own — and the TLS
 * pieces they need go into the TLS app. The user's servers, routes, apps and {@code admin} block stay as they were.
 * Pure: no I/O.
 */
public final class CaddyConfigMerge {

    /** The name of the server Doorman adds when none listens on its port. */
    static final String SERVER = "doorman";

    /** What merging gave. */
    public sealed interface Outcome {

        /**
         * The config to write and what it changes; no changes means the config is already this one.
         *
         * @param placements where each adapted server's routes went, for probing
         */
        record Merged(JsonNode config, List<String> changes, List<Placement> placements) implements Outcome {
        }

        /** Doorman will not write this; {@code reason} says why and what to do. */
        record Refused(String reason) implements Outcome {
        }
    }

    /** Doorman's routes for {@code hosts} are in server {@code server}, which listens on {@code listen}. */
    public record Placement(String server, List<String> listen, List<String> hosts) {
    }

    private CaddyConfigMerge() {
    }

    /**
     * @param current the running config as {@code GET /config/} gave it ({@code null} or a NullNode when empty)
     * @param adapted {@code /adapt}'s {@code result} for Doorman's site blocks
     */
    public static Outcome merge(JsonNode current, JsonNode adapted) {
        try {
            CaddySite site = CaddySite.of(adapted);
            if (current != null && !current.isNull() && !current.isMissingNode() && !current.isObject()) {
                throw new CaddyRefusal("Caddy's running config is not a JSON object");
            }
            ObjectNode root = current != null && current.isObject() ? ((ObjectNode) current).deepCopy()
                    : CaddyJson.MAPPER.createObjectNode();
            CaddyMarks.strip(root);
            List<String> notes = new ArrayList<>();
            List<Placement> placements = new ArrayList<>();
            for (CaddySite.Server s : site.servers()) {
                placements.add(place(root, s, notes));
            }
            addTls(root, site);
            JsonNode before = current == null ? CaddyJson.MAPPER.nullNode() : current;
            List<String> changes = new ArrayList<>(CaddyChanges.between(CaddyMarks.collect(before),
                    CaddyMarks.collect(root)));
            changes.addAll(notes);
            if (changes.isEmpty() && !root.equals(before)) {
                changes.add("moved Doorman's routes ahead of routes that would have answered for their hosts");
            }
            return new Outcome.Merged(root, List.copyOf(changes), List.copyOf(placements));
        } catch (CaddyRefusal e) {
            return new Outcome.Refused(e.getMessage());
        }
    }

    private static Placement place(ObjectNode root, CaddySite.Server site, List<String> notes) throws CaddyRefusal {
        ObjectNode servers = object(object(object(root, "apps"), "http"), "servers");
        List<CaddyListen> wanted = site.listen().stream().map(a -> CaddyListen.parse(a).orElseThrow()).toList();
        Optional<Map.Entry<String, JsonNode>> existing = servers.properties().stream()
                .filter(e -> listensOn(e.getValue(), wanted)).findFirst();
        if (existing.isEmpty()) {
            String name = freeName(servers, wanted.get(0).low());
            ObjectNode server = servers.putObject(name);
            CaddyMarks.mark(server, CaddyMarks.PREFIX + "server-" + name);
            site.listen().forEach(server.putArray("listen")::add);
            site.routes().forEach(server.putArray("routes")::add);
            if (!site.tlsPolicies().isEmpty()) {
                ArrayNode policies = server.putArray("tls_connection_policies");
                site.tlsPolicies().forEach(policies::add);
                policies.addObject(); // the other names' certificates, as the adapter itself adds
            }
            if (site.automaticHttps() != null) {
                server.set("automatic_https", site.automaticHttps());
            }
            return new Placement(name, site.listen(), site.hosts());
        }
        String name = existing.get().getKey();
        if (!(existing.get().getValue() instanceof ObjectNode server)) {
            throw new CaddyRefusal("Caddy's server " + name + " is not a JSON object");
        }
        ArrayNode routes = server.get("routes") instanceof ArrayNode a ? a : server.putArray("routes");
        int at = insertionPoint(name, routes, site.hosts());
        for (int i = site.routes().size() - 1; i >= 0; i--) {
            routes.insert(at, site.routes().get(i));
        }
        if (!site.tlsPolicies().isEmpty()) {
            addTlsPolicies(name, server, site.tlsPolicies());
        }
        if (site.automaticHttps() != null) {
            CaddyAutomaticHttps.merge(name, server, site.automaticHttps(), notes);
        }
        List<String> listen = CaddyMarks.texts(server.path("listen"));
        if (wanted.stream().anyMatch(CaddyListen::everyInterface) && listen.stream().map(CaddyListen::parse)
                .flatMap(Optional::stream).noneMatch(CaddyListen::everyInterface)) {
            notes.add("note: server " + name + " listens on " + String.join(", ", listen) + " only, so Doorman's"
                    + " site is served there, not on every interface");
        }
        return new Placement(name, listen, site.hosts());
    }

    private static boolean listensOn(JsonNode server, List<CaddyListen> wanted) {
        for (JsonNode a : server.path("listen")) {
            Optional<CaddyListen> have = CaddyListen.parse(a.asText());
            if (have.isPresent() && wanted.stream().anyMatch(have.get()::overlaps)) {
                return true;
            }
        }
        return false;
    }

    private static String freeName(ObjectNode servers, int port) {
        if (!servers.has(SERVER)) {
            return SERVER;
        }
        String name = SERVER + "-" + port;
        for (int i = 2; servers.has(name); i++) {
            name = SERVER + "-" + port + "-" + i;
        }
        return name;
    }

    /**
     * Before the first user route that could answer for one of Doorman's hosts: one without a host matcher (a
     * catch-all), or with a wildcard or placeholder host that can stand for one of them. A user route naming one of them exactly is a conflict.
     */
    private static int insertionPoint(String server, ArrayNode routes, List<String> hosts) throws CaddyRefusal {
        List<String> ours = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        int first = -1;
        for (int i = 0; i < routes.size(); i++) {
            JsonNode r = routes.get(i);
            boolean mayMatch = r.path("match").isEmpty();
            for (JsonNode set : r.path("match")) {
                JsonNode host = set.path("host");
                mayMatch |= host.isEmpty();
                for (JsonNode h : host) {
                    String name = h.asText().toLowerCase(Locale.ROOT);
                    if (ours.contains(name)) {
                        throw new CaddyRefusal("Caddy's server " + server + " already has a route for " + name
                                + " that is not Doorman's: remove that site from Caddy, or leave " + name
                                + " out of Doorman's hosts");
                    }
                    mayMatch |= name.contains("{") || ours.stream().anyMatch(o -> wildcardMatches(name, o));
                }
            }
            if (mayMatch && first < 0) {
                first = i;
            }
        }
        return first < 0 ? routes.size() : first;
    }

    /** Caddy's host wildcards stand for exactly one label: {@code *.example.com} matches {@code a.example.com}. */
    private static boolean wildcardMatches(String pattern, String host) {
        if (!pattern.contains("*")) {
            return false;
        }
        String[] p = pattern.split("\\.", -1);
        String[] h = host.split("\\.", -1);
        if (p.length != h.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals("*") && !p[i].equals(h[i])) {
                return false;
            }
        }
        return true;
    }

    /** SNI policies go before the first catch-all one; a server that had none gets a catch-all after them. */
    private static void addTlsPolicies(String name, ObjectNode server, List<ObjectNode> ours) {
        ArrayNode policies;
        int at;
        if (server.get("tls_connection_policies") instanceof ArrayNode a && !a.isEmpty()) {
            policies = a;
            at = policies.size();
            for (int i = 0; i < policies.size(); i++) {
                if (policies.get(i).path("match").isEmpty()) {
                    at = i;
                    break;
                }
            }
        } else {
            policies = server.putArray("tls_connection_policies");
            // With no policies Caddy uses its default one for every name; with only SNI ones, other names fail.
            ObjectNode rest = policies.addObject();
            CaddyMarks.mark(rest, CaddyMarks.PREFIX + "tls-default-" + name);
            at = 0;
        }
        for (int i = ours.size() - 1; i >= 0; i--) {
            policies.insert(at, ours.get(i));
        }
    }

    /** Automation policies before the first catch-all one (Caddy uses the first whose subjects match). */
    private static void addTls(ObjectNode root, CaddySite site) {
        if (!site.automation().isEmpty()) {
            ObjectNode automation = object(object(object(root, "apps"), "tls"), "automation");
            ArrayNode policies = automation.get("policies") instanceof ArrayNode a ? a
                    : automation.putArray("policies");
            int at = policies.size();
            for (int i = 0; i < policies.size(); i++) {
                if (policies.get(i).path("subjects").isEmpty()) {
                    at = i;
                    break;
                }
            }
            for (int i = site.automation().size() - 1; i >= 0; i--) {
                policies.insert(at, site.automation().get(i));
            }
        }
        for (Map.Entry<String, List<ObjectNode>> e : site.certificates().entrySet()) {
            ObjectNode certificates = object(object(object(root, "apps"), "tls"), "certificates");
            ArrayNode list = certificates.get(e.getKey()) instanceof ArrayNode a ? a
                    : certificates.putArray(e.getKey());
            e.getValue().forEach(list::add);
        }
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        return parent.get(key) instanceof ObjectNode o ? o : parent.putObject(key);
    }
}
