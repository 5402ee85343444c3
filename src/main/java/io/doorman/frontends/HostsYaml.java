package io.doorman.frontends;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hosts.yaml} as text: a mapping with one key, {@code hosts}, a list of host entries (see {@link HostTree}).
 * Reading keeps each field's line, so an error says where to look.
 */
public final class HostsYaml {

    static final String HOSTS = "hosts";
    static final String HEADER = """
            # Doorman's Plex Mode hosts. 'doorman host add|remove' and the console edit this file; you may too.
            # 'doorman serve' re-reads it when it changes (or on SIGHUP). A file it cannot read is an error,
            # never replaced. Fields: name, domains, port (443), upstream, upstreamSkipVerify (false),
            # frontend (caddy), plexMode: forwardClientIp (true), webSockets (true), liveTv (false),
            # lanAliases, publicHostGuard (false). customUrl is written for you and ignored when read.
            """;

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HostsYaml() {
    }

    /** The hosts in {@code text}; {@code name} is how messages call the file. Empty text is no hosts. */
    public static Hosts parse(String text, String name) throws HostsFileException {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Hosts.NONE;
            }
            if (t != JsonToken.START_OBJECT) {
                throw problem(name, p, "want a mapping with the key 'hosts'");
            }
            boolean seen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!key.equals(HOSTS) || seen) {
                    throw problem(name, p, seen && key.equals(HOSTS) ? "'hosts' is given twice"
                            : "unknown key '" + HostRules.shown(key) + "' (the file holds only 'hosts')");
                }
                seen = true;
                t = p.nextToken();
                if (t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && p.getText().isEmpty())) {
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw problem(name, p, "'hosts' must be a list of hosts");
                }
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT) {
                        throw problem(name, p, "each host must be a mapping of fields (name, domains, upstream, ...)");
                    }
                    int line = line(p);
                    Map<String, Integer> lines = new HashMap<>();
                    entries.add(new Entry(line, readObject(p, lines, name), lines));
                }
            }
        } catch (JsonProcessingException e) {
            throw new HostsFileException(name + " line " + e.getLocation().getLineNr() + ": not valid YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("syntax error") + ")");
        } catch (IOException e) {
            throw new HostsFileException(name + ": cannot be read: " + e.getMessage(), e);
        }
        List<PlexHost> hosts = new ArrayList<>();
        for (Entry e : entries) {
            try {
                hosts.add(HostTree.fromTree(e.fields()));
            } catch (InvalidHostException bad) {
                throw new HostsFileException(name + " line " + e.lines().getOrDefault(bad.field(), e.line()) + ": "
                        + hostLabel(e.fields()) + bad.getMessage());
            }
        }
        try {
            return new Hosts(hosts);
        } catch (InvalidHostException bad) {
            throw new HostsFileException(name + ": " + bad.getMessage());
        }
    }

    /** The file's text for {@code hosts}: the header comment, then every host with all its fields. */
    public static String render(Hosts hosts) {
        ObjectNode root = NODES.objectNode();
        ArrayNode list = root.putArray(HOSTS);
        hosts.all().forEach(h -> list.add(HostTree.toTree(h)));
        try {
            return HEADER + MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a host tree always renders", e);
        }
    }

    private record Entry(int line, ObjectNode fields, Map<String, Integer> lines) {
    }

    /** Reads the mapping the parser is at, noting each key's line (nested keys too: their names do not clash). */
    private static ObjectNode readObject(JsonParser p, Map<String, Integer> lines, String name) throws IOException,
            HostsFileException {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (o.has(key)) {
                throw problem(name, p, "'" + HostRules.shown(key) + "' is given twice");
            }
            lines.putIfAbsent(key, line(p));
            o.set(key, readValue(p, p.nextToken(), lines, name));
        }
        return o;
    }

    private static JsonNode readValue(JsonParser p, JsonToken t, Map<String, Integer> lines, String name)
            throws IOException, HostsFileException {
        return switch (t) {
            case START_OBJECT -> readObject(p, lines, name);
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    a.add(readValue(p, e, lines, name));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT ? NODES.numberNode(p.getIntValue())
                    : NODES.textNode(p.getText());
            case VALUE_NUMBER_FLOAT -> NODES.textNode(p.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw problem(name, p, "unexpected " + t);
        };
    }

    private static String hostLabel(ObjectNode fields) {
        JsonNode n = fields.get(HostTree.NAME);
        return n != null && n.isTextual() ? "host '" + HostRules.shown(n.textValue()) + "': " : "";
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static HostsFileException problem(String name, JsonParser p, String what) {
        return new HostsFileException(name + " line " + line(p) + ": " + what);
    }
}
