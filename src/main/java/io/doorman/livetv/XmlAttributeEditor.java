package io.doorman.livetv;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.doorman.plex.PlexXml;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Re-serialises a UTF-8 XML body, in Plex's own style, with some start tags' attribute values edited. */
final class XmlAttributeEditor {

    /** Edit rules for one document, called for each start tag (depth 1 is the root); fresh for each parse. */
    @FunctionalInterface
    interface Rules {
        void start(int depth, String name, Attributes attributes);
    }

    private static final Pattern ENCODING = Pattern.compile("\\sencoding\\s*=\\s*([\"'])(.*?)\\1");

    private XmlAttributeEditor() {
    }

    /** The edited body, or {@code xml} itself when no value changes or the body cannot be copied faithfully. */
    static byte[] rewrite(byte[] xml, Supplier<? extends Rules> rules) {
        String text = xml == null ? null : strictUtf8(xml);
        int bom = text != null && text.startsWith("\uFEFF") ? 1 : 0;
        int root = text == null ? -1 : rootStart(text, bom);
        if (root < 0) {
            return xml;
        }
        try {
            // A first pass that only looks keeps the common no-change case free of any output building.
            if (!replay(text, bom, rules.get(), null, null)) {
                return xml;
            }
            StringBuilder out = new StringBuilder(text.length() + 256).append(text, 0, root);
            List<String[]> trailing = new ArrayList<>();
            replay(text, bom, rules.get(), out, trailing);
            int tail = tailStart(text, trailing);
            return tail < root ? xml : out.append(text, tail, text.length()).toString().getBytes(UTF_8);
        } catch (XMLStreamException | RuntimeException e) {
            // Not well-formed, or a parser failure on hostile input: Plex's body is forwarded untouched.
            return xml;
        }
    }

    /**
     * Replays the root element through the rules, writing it to {@code out}; with {@code out} null only until
     * the first changed value. Returns whether a value changed. Comments and PIs after the root go to
     * {@code trailing}: the tail is copied from the input, they only serve to find where it starts.
     */
    private static boolean replay(String text, int bom, Rules rules, StringBuilder out, List<String[]> trailing)
            throws XMLStreamException {
        XMLStreamReader r = open(text, bom);
        try {
            Attributes attributes = new Attributes();
            boolean changed = false;
            boolean rootSeen = false;
            boolean openTag = false;
            int depth = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (depth == 0 && event != XMLStreamConstants.START_ELEMENT) {
                    if (rootSeen && trailing != null && event == XMLStreamConstants.COMMENT) {
                        trailing.add(new String[] {"<!--", r.getText() + "-->"});
                    } else if (rootSeen && trailing != null && event == XMLStreamConstants.PROCESSING_INSTRUCTION) {
                        String data = Objects.toString(r.getPIData(), "");
                        trailing.add(new String[] {"<?" + r.getPITarget(), data + "?>"});
                    }
                    continue; // the prolog is copied byte for byte
                }
                if (openTag && event != XMLStreamConstants.END_ELEMENT) {
                    out.append('>');
                    openTag = false;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    rootSeen = true;
                    attributes.reset(r);
                    String name = qname(r.getPrefix(), r.getLocalName());
                    rules.start(++depth, name, attributes);
                    changed |= attributes.changed();
                    if (out == null && changed) {
                        return true;
                    } else if (out != null) {
                        attributes.writeTo(out.append('<').append(name));
                        openTag = true;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (out != null) { // Plex writes a space before "/>"
                        out.append(openTag ? " />" : "</" + qname(r.getPrefix(), r.getLocalName()) + ">");
                        openTag = false;
                    }
                } else if (out != null) {
                    writeContent(out, r, event);
                }
            }
            return changed;
        } finally {
            r.close();
        }
    }

    private static void writeContent(StringBuilder out, XMLStreamReader r, int event) throws XMLStreamException {
        switch (event) {
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> escape(out, r.getText(), false);
            case XMLStreamConstants.CDATA -> out.append("<![CDATA[").append(r.getText()).append("]]>");
            case XMLStreamConstants.COMMENT -> out.append("<!--").append(r.getText()).append("-->");
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                String data = Objects.toString(r.getPIData(), "");
                out.append("<?").append(r.getPITarget()).append(data.isEmpty() ? "" : " ").append(data).append("?>");
            }
            // An event this copier cannot reproduce must not be dropped silently.
            default -> throw new XMLStreamException("unsupported XML event " + event);
        }
    }

    private static XMLStreamReader open(String text, int bom) throws XMLStreamException {
        XMLInputFactory factory = PlexXml.safeFactory();
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        // Not namespace-aware: names and xmlns declarations then come back exactly as written, in order.
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty("http://java.sun.com/xml/stream/properties/report-cdata-event", true);
        // A Reader must not hand the parser a byte order mark; bodies rarely carry one, so copying is fine.
        return factory.createXMLStreamReader(new StringReader(bom == 0 ? text : text.substring(bom)));
    }

    /** Where the root start tag begins, or -1 for a non-UTF-8 declaration, a DOCTYPE or anything unexpected. */
    static int rootStart(String t, int from) {
        int i = from;
        while (i < t.length()) {
            if (isSpace(t.charAt(i))) {
                i++;
                continue;
            }
            boolean comment = t.startsWith("<!--", i);
            if (!comment && !t.startsWith("<?", i)) {
                // "<!" here would be a DOCTYPE, whose entities this copier does not reproduce.
                return t.startsWith("<", i) && !t.startsWith("<!", i) ? i : -1;
            }
            int end = t.indexOf(comment ? "-->" : "?>", i + 2);
            if (end < 0 || (i == from && !comment && !declaresUtf8(t.substring(i, end)))) {
                return -1;
            }
            i = end + (comment ? 3 : 2);
        }
        return -1;
    }

    /** The output is UTF-8, so a body declaring another encoding could not be copied correctly. */
    private static boolean declaresUtf8(String declaration) {
        if (!declaration.startsWith("<?xml") || declaration.length() < 6 || !isSpace(declaration.charAt(5))) {
            return true; // a processing instruction, not the XML declaration
        }
        Matcher m = ENCODING.matcher(declaration);
        return !m.find() || m.group(2).equalsIgnoreCase("UTF-8");
    }

    /**
     * Where the text after the root end tag starts, found backwards by matching the comments and PIs reported
     * there, each as {opening, closing}; -1 on mismatch. (The parser's offsets drift on CRLF input.)
     */
    private static int tailStart(String t, List<String[]> trailing) {
        int end = spaceBefore(t, t.length());
        for (int k = trailing.size() - 1; k >= 0 && end >= 0; k--) {
            end = startOf(t, end, trailing.get(k)[1]);
            end = end < 0 ? -1 : startOf(t, spaceBefore(t, end), trailing.get(k)[0]);
            end = end < 0 ? -1 : spaceBefore(t, end);
        }
        return end > 0 && t.charAt(end - 1) == '>' ? end : -1;
    }

    /** Where {@code s} starts when {@code t} has it just before {@code end}, else -1. */
    private static int startOf(String t, int end, String s) {
        return end >= s.length() && t.startsWith(s, end - s.length()) ? end - s.length() : -1;
    }

    private static int spaceBefore(String t, int end) {
        int i = end;
        while (i > 0 && isSpace(t.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static String strictUtf8(byte[] xml) {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(xml)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static void escape(StringBuilder out, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                // Literal newlines and tabs in an attribute would be read back as spaces.
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> out.append(c);
            }
        }
    }

    static String qname(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** The attributes of the current start tag, read from the parser, with the edits the rules made. */
    static final class Attributes {

        private XMLStreamReader reader;
        /** New values by name, in the order first set: the order in which absent ones are appended. */
        private final Map<String, String> edits = new LinkedHashMap<>();

        void reset(XMLStreamReader r) {
            reader = r;
            edits.clear();
        }

        /** The attribute's current value, or null when absent. */
        String get(String name) {
            String edited = edits.get(name);
            int i = edited == null ? index(name) : -1;
            return edited != null ? edited : i < 0 ? null : reader.getAttributeValue(i);
        }

        /** Replaces the value in place, or appends the attribute after the others when absent. */
        void set(String name, String value) {
            if (!value.equals(get(name))) {
                edits.put(name, value);
            }
        }

        boolean changed() {
            for (Map.Entry<String, String> e : edits.entrySet()) {
                int i = index(e.getKey());
                if (i < 0 || !reader.getAttributeValue(i).equals(e.getValue())) {
                    return true;
                }
            }
            return false;
        }

        void writeTo(StringBuilder out) {
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                String name = qname(reader.getAttributePrefix(i), reader.getAttributeLocalName(i));
                write(out, name, edits.getOrDefault(name, reader.getAttributeValue(i)));
            }
            edits.forEach((name, value) -> {
                if (index(name) < 0) {
                    write(out, name, value);
                }
            });
        }

        private static void write(StringBuilder out, String name, String value) {
            escape(out.append(' ').append(name).append("=\""), value, true);
            out.append('"');
        }

        private int index(String name) {
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                if (name.equals(qname(reader.getAttributePrefix(i), reader.getAttributeLocalName(i)))) {
                    return i;
                }
            }
            return -1;
        }
    }
}
