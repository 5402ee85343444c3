package io.doorman.plex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What {@code GET /identity} (no token needed) says about a server: its machine identifier, version and whether
 * it is signed in to plex.tv ({@code claimed}).
 */
public record PmsIdentity(String machineIdentifier, String version, boolean claimed) {

    /** @throws IOException naming only a position, never quoting the body, when it is no identity container */
    public static PmsIdentity parse(byte[] body) throws IOException {
        XMLStreamReader r = null;
        try {
            r = PlexXml.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT) {
                    if (!r.getLocalName().equals("MediaContainer")) {
                        break;
                    }
                    String id = r.getAttributeValue(null, "machineIdentifier");
                    if (id == null || id.isBlank()) {
                        throw new IOException("PMS identity answer has no machineIdentifier");
                    }
                    String version = r.getAttributeValue(null, "version");
                    return new PmsIdentity(id, version == null ? "" : version,
                            !"0".equals(r.getAttributeValue(null, "claimed")));
                }
            }
            throw new IOException("PMS identity answer has no MediaContainer");
        } catch (XMLStreamException e) {
            throw new IOException("PMS identity answer is not well-formed XML" + PlexXml.position(e.getLocation()));
        } finally {
            PlexXml.closeQuietly(r);
        }
    }
}
