package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.frontends.CaddyMarks.Piece;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What an apply changes, one line per piece of Doorman's added, updated, moved or removed, for a person to read. */
final class CaddyChanges {

    private CaddyChanges() {
    }

    /** Lines for the pieces in {@code after} that are new or differ from {@code before}, then those gone. */
    static List<String> between(Map<String, Piece> before, Map<String, Piece> after) {
        List<String> out = new ArrayList<>();
        for (Piece now : after.values()) {
            Piece was = before.get(now.id());
            if (was == null) {
                out.add("added " + describe(now));
            } else if (!Objects.equals(was.server(), now.server())) {
                out.add("moved " + describe(now) + " (was on server " + was.server() + ")");
            } else if (!withoutChildren(was).equals(withoutChildren(now))) {
                out.add("updated " + describe(now));
            }
        }
        for (Piece was : before.values()) {
            if (!after.containsKey(was.id())) {
                out.add("removed " + describe(was));
            }
        }
        return out;
    }

    /** A server's own settings, leaving out the routes and policies that are compared one by one. */
    private static JsonNode withoutChildren(Piece p) {
        if (p.kind() != CaddyMarks.Kind.SERVER) {
            return p.node();
        }
        ObjectNode copy = p.node().deepCopy();
        copy.remove(List.of("routes", "tls_connection_policies"));
        return copy;
    }

    static String describe(Piece p) {
        JsonNode n = p.node();
        String on = " on server " + p.server() + " (" + String.join(", ", p.listen()) + ")";
        return switch (p.kind()) {
            case SERVER -> "server " + p.server() + " listening on " + String.join(", ", p.listen());
            case ROUTE -> "route for " + String.join(", ", CaddySite.hostsOf(n)) + upstreams(n) + on;
            case TLS_POLICY -> n.path("match").isEmpty()
                    ? "default TLS connection policy" + on + ", so the other names keep their certificates"
                    : "TLS certificate choice for " + String.join(", ", CaddyMarks.texts(n.path("match").path("sni")))
                            + on;
            case AUTOMATION -> "certificate management for " + String.join(", ", CaddyMarks.texts(n.path("subjects")))
                    + " (" + issuers(n) + ")";
            case CERTIFICATE -> n.has("certificate")
                    ? "certificate " + n.path("certificate").asText() + " with key " + n.path("key").asText()
                    : "certificate " + p.id();
        };
    }

    private static String upstreams(JsonNode route) {
        Set<String> dials = new LinkedHashSet<>();
        route.findValues("dial").forEach(d -> dials.add(d.asText()));
        return dials.isEmpty() ? "" : " -> " + String.join(", ", dials);
    }

    private static String issuers(JsonNode policy) {
        List<String> modules = new ArrayList<>();
        for (JsonNode i : policy.path("issuers")) {
            String m = i.path("module").asText();
            modules.add(m.equals("internal") ? "Caddy's internal CA" : m);
        }
        return modules.isEmpty() ? "Caddy's default issuers" : String.join(", ", modules);
    }
}
