package io.doorman.livetv;

import io.doorman.plex.PlexXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the label of each DVR's XMLTV guide provider from Plex's {@code GET /livetv/dvrs} body: the map from
 * provider identifier ({@code tv.plex.providers.epg.xmltv:<id>}) to the name the relabelling shows.
 */
public final class DvrLabels {

    private DvrLabels() {
    }

    /**
     * The labels in document order, keyed by provider identifier. Each {@code Dvr}'s id is {@code key} (else
     * {@code id}); its label is {@code lineupTitle}, else {@code title}, else the URL-decoded text after the
     * last {@code #} of {@code lineup}, without {@code stripPrefix}, trimmed. DVRs without id or label are skipped.
     *
     * @throws IOException when the body is not well-formed XML
     */
    public static Map<String, String> parse(byte[] xml, String stripPrefix) throws IOException {
        Objects.requireNonNull(xml, "xml");
        String prefix = stripPrefix == null ? "" : stripPrefix;
        Map<String, String> labels = new LinkedHashMap<>();
        XMLStreamReader r = null;
        try {
            r = PlexXml.safeFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Dvr")) {
                    String id = firstPresent(r.getAttributeValue(null, "key"), r.getAttributeValue(null, "id"));
                    String label = label(r, prefix);
                    if (id != null && !label.isEmpty()) {
                        labels.put(ProviderPaths.IDENTIFIER_PREFIX + id, label);
                    }
                }
            }
        } catch (XMLStreamException e) {
            // The parser's message may quote the body; only the position is safe to pass on.
            throw new IOException("DVR list is not well-formed XML" + PlexXml.position(e.getLocation()));
        } finally {
            PlexXml.closeQuietly(r);
        }
        return Collections.unmodifiableMap(labels);
    }

    private static String label(XMLStreamReader r, String prefix) {
        String label = firstPresent(r.getAttributeValue(null, "lineupTitle"), r.getAttributeValue(null, "title"));
        if (label == null) {
            label = lineupFragment(r.getAttributeValue(null, "lineup"));
        }
        if (!prefix.isEmpty() && label.startsWith(prefix)) {
            label = label.substring(prefix.length());
        }
        return label.trim();
    }

    /** The guide name Plex keeps after the last {@code #} of a lineup URL, e.g. {@code lineup://…#Sports%20Feed}. */
    private static String lineupFragment(String lineup) {
        int hash = lineup == null ? -1 : lineup.lastIndexOf('#');
        if (hash < 0) {
            return "";
        }
        String fragment = lineup.substring(hash + 1);
        String decoded = GoUrlDecoding.pathUnescape(fragment);
        return decoded == null ? fragment : decoded;
    }

    /** Plex writes absent values as empty attributes, so an empty value falls through to the next source. */
    private static String firstPresent(String first, String second) {
        if (first != null && !first.isEmpty()) {
            return first;
        }
        return second != null && !second.isEmpty() ? second : null;
    }
}
