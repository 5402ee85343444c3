package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A host as a tree of fields: the shape of an entry in {@code hosts.yaml}, of {@code doorman host show --json} and
 * of the console API's host object. Reading fills in defaults and names the field of any error.
 */
public final class HostTree {

    static final String NAME = "name";
    static final String DOMAINS = "domains";
    static final String PORT = "port";
    static final String UPSTREAM = "upstream";
    static final String SKIP_VERIFY = "upstreamSkipVerify";
    static final String FRONTEND = "frontend";
    static final String PLEX_MODE = "plexMode";
    static final String FORWARD_CLIENT_IP = "forwardClientIp";
    static final String WEB_SOCKETS = "webSockets";
    static final String LIVE_TV = "liveTv";
    static final String LAN_ALIASES = "lanAliases";
    static final String PUBLIC_HOST_GUARD = "publicHostGuard";
    /** Written for people and the console, ignored when read: it follows from the domains and port. */
    static final String CUSTOM_URL = "customUrl";

    private static final Set<String> HOST_FIELDS = Set.of(NAME, DOMAINS, PORT, UPSTREAM, SKIP_VERIFY, FRONTEND,
            PLEX_MODE, CUSTOM_URL);
    private static final Set<String> PLEX_MODE_FIELDS = Set.of(FORWARD_CLIENT_IP, WEB_SOCKETS, LIVE_TV, LAN_ALIASES,
            PUBLIC_HOST_GUARD);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HostTree() {
    }

    /** The host as fields, {@code customUrl} included. */
    public static ObjectNode toTree(PlexHost h) {
        ObjectNode o = NODES.objectNode();
        o.put(NAME, h.name());
        ArrayNode domains = o.putArray(DOMAINS);
        h.domains().forEach(domains::add);
        o.put(PORT, h.port());
        o.put(UPSTREAM, h.upstream().toString());
        o.put(SKIP_VERIFY, h.upstreamSkipVerify());
        o.put(FRONTEND, h.frontend().id());
        ObjectNode mode = o.putObject(PLEX_MODE);
        PlexMode m = h.plexMode();
        mode.put(FORWARD_CLIENT_IP, m.forwardClientIp());
        mode.put(WEB_SOCKETS, m.webSockets());
        mode.put(LIVE_TV, m.liveTv());
        ArrayNode aliases = mode.putArray(LAN_ALIASES);
        m.lanAliases().forEach(aliases::add);
        mode.put(PUBLIC_HOST_GUARD, m.publicHostGuard());
        o.put(CUSTOM_URL, h.customUrl());
        return o;
    }

    /**
     * The host these fields describe; a field left out takes its default ({@code name}, {@code domains} and
     * {@code upstream} have none).
     */
    public static PlexHost fromTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidHostException("host", "want a mapping of fields (name, domains, upstream, ...)");
        }
        refuseUnknown(node, HOST_FIELDS);
        JsonNode modeNode = node.get(PLEX_MODE);
        PlexMode mode = PlexMode.DEFAULTS;
        if (modeNode != null && !modeNode.isNull()) {
            if (!modeNode.isObject()) {
                throw new InvalidHostException(PLEX_MODE, "want a mapping of Plex Mode options");
            }
            refuseUnknown(modeNode, PLEX_MODE_FIELDS);
            mode = new PlexMode(bool(modeNode, FORWARD_CLIENT_IP, true), bool(modeNode, WEB_SOCKETS, true),
                    bool(modeNode, LIVE_TV, false), strings(modeNode, LAN_ALIASES), bool(modeNode, PUBLIC_HOST_GUARD,
                    false));
        }
        JsonNode kind = node.get(FRONTEND);
        return new PlexHost(text(node, NAME), strings(node, DOMAINS), port(node), upstream(text(node, UPSTREAM)),
                bool(node, SKIP_VERIFY, false), kind == null || kind.isNull() ? FrontendKind.CADDY
                        : FrontendKind.parse(textValue(FRONTEND, kind)), mode);
    }

    /** An upstream URL from its text; a trailing {@code /} is dropped. The text is never quoted back. */
    public static URI upstream(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidHostException(UPSTREAM, "missing (the PMS URL, like http://127.0.0.1:32400)");
        }
        URI u;
        try {
            u = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidHostException(UPSTREAM, "not a valid URL (want one like http://127.0.0.1:32400)");
        }
        HostRules.upstream(u);
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }

    private static void refuseUnknown(JsonNode node, Set<String> known) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new InvalidHostException(HostRules.shown(f), "unknown field (known: "
                        + String.join(", ", known.stream().filter(k -> !k.equals(CUSTOM_URL)).sorted().toList()) + ")");
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : textValue(field, v);
    }

    private static String textValue(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw new InvalidHostException(field, "want text");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return v.textValue().equals("true");
        }
        throw new InvalidHostException(field, "want true or false");
    }

    private static int port(JsonNode node) {
        JsonNode v = node.get(PORT);
        if (v == null || v.isNull()) {
            return PlexHost.DEFAULT_PORT;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual() && v.textValue().matches("[0-9]{1,5}")) {
            return Integer.parseInt(v.textValue());
        }
        throw new InvalidHostException(PORT, "want a port number 1-65535");
    }

    /** A list of text, or one text as a list of one. */
    private static List<String> strings(JsonNode node, String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.textValue().strip());
            return out;
        }
        if (!v.isArray()) {
            throw new InvalidHostException(field, "want a list of names");
        }
        for (JsonNode e : v) {
            out.add(textValue(field, e).strip());
        }
        return out;
    }
}
