package io.doorman.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny Plex document model written out both as PMS-style XML and as PMS-style JSON, so the two variants of
 * one answer can never drift apart.
 */
final class PlexDoc {

    static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlexDoc() {}

    /** One attribute: its XML text and its JSON value (PMS types JSON values: numbers, booleans, strings). */
    private record Attr(String name, String xml, Object json) {}

    static Element element(String name) {
        return new Element(name);
    }

    /** One XML element, or one JSON object in its parent's array named after the element. */
    static final class Element {
        private final String name;
        private String jsonName;
        private final List<Attr> attrs = new ArrayList<>();
        private final List<Element> children = new ArrayList<>();

        private Element(String name) {
            this.name = name;
            this.jsonName = name;
        }

        /** Adds an attribute; null is skipped, so optional attributes read naturally at the call site. */
        Element attr(String key, Object value) {
            return switch (value) {
                case null -> this;
                case Boolean b -> attr(key, b ? "true" : "false", b);
                case Integer i -> attr(key, Integer.toString(i), i);
                default -> attr(key, value.toString(), value.toString());
            };
        }

        /** Adds an attribute whose XML text and JSON value differ, e.g. allowTuners="0" vs "allowTuners":false. */
        Element attr(String key, String xml, Object json) {
            attrs.add(new Attr(key, xml, json));
            return this;
        }

        /** PMS names some arrays differently in JSON, e.g. XML {@code <Video>} children become "Metadata". */
        Element jsonAs(String arrayName) {
            jsonName = arrayName;
            return this;
        }

        Element add(Element... kids) {
            children.addAll(List.of(kids));
            return this;
        }

        Element addAll(List<Element> kids) {
            children.addAll(kids);
            return this;
        }

        /** The whole document: declaration, one element per line, {@code " />"} for empty ones, like PMS. */
        String xml() {
            StringBuilder sb = new StringBuilder(4096).append(XML_DECLARATION);
            writeXml(sb);
            return sb.toString();
        }

        /** The JSON document PMS sends for the same answer: {@code {"MediaContainer":{...}}}. */
        byte[] json() {
            ObjectNode root = JSON.createObjectNode();
            root.set(jsonName, toNode());
            try {
                return JSON.writeValueAsBytes(root);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void writeXml(StringBuilder sb) {
            sb.append('<').append(name);
            for (Attr a : attrs) {
                sb.append(' ').append(a.name()).append("=\"").append(escape(a.xml())).append('"');
            }
            if (children.isEmpty()) {
                sb.append(" />\n");
                return;
            }
            sb.append(">\n");
            for (Element child : children) {
                child.writeXml(sb);
            }
            sb.append("</").append(name).append(">\n");
        }

        private ObjectNode toNode() {
            ObjectNode node = JSON.createObjectNode();
            for (Attr a : attrs) {
                switch (a.json()) {
                    case Boolean b -> node.put(a.name(), b);
                    case Integer i -> node.put(a.name(), i);
                    default -> node.put(a.name(), a.json().toString());
                }
            }
            // PMS groups children by element name into arrays, in order of first appearance.
            Map<String, ArrayNode> arrays = new LinkedHashMap<>();
            for (Element child : children) {
                arrays.computeIfAbsent(child.jsonName, k -> node.putArray(k)).add(child.toNode());
            }
            return node;
        }
    }

    /** Escapes attribute text the way PMS does: markup characters as entities, line breaks as {@code &#10;}. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
