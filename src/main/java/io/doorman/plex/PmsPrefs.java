package io.doorman.plex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * PMS's preferences as {@code GET /:/prefs} lists them: id to value, as sent. XML
 * ({@code <MediaContainer><Setting id=".." value=".."/>}) and JSON ({@code MediaContainer.Setting[]}, typed
 * values written as their JSON text, so {@code true} stays {@code true}) give the same map.
 */
public final class PmsPrefs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PmsPrefs() {
    }

    /**
     * @throws IOException naming only a position, never quoting the body (it may hold secrets such as
     *     {@code customCertificateKey}), when the body is neither
     */
    public static Map<String, String> parse(byte[] body) throws IOException {
        boolean bom = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF;
        int i = bom ? 3 : 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i < body.length && body[i] == '{') {
            return parseJson(body);
        }
        return parseXml(body);
    }

    private static Map<String, String> parseXml(byte[] body) throws IOException {
        Map<String, String> prefs = new LinkedHashMap<>();
        XMLStreamReader r = null;
        try {
            r = PlexXml.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            boolean sawContainer = false;
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (name.equals("MediaContainer")) {
                    sawContainer = true;
                } else if (name.equals("Setting")) {
                    String id = r.getAttributeValue(null, "id");
                    if (id != null && !id.isEmpty()) {
                        String value = r.getAttributeValue(null, "value");
                        prefs.put(id, value == null ? "" : value);
                    }
                }
            }
            if (!sawContainer) {
                throw new IOException("PMS prefs answer has no MediaContainer");
            }
        } catch (XMLStreamException e) {
            throw new IOException("PMS prefs answer is not well-formed XML" + PlexXml.position(e.getLocation()));
        } finally {
            PlexXml.closeQuietly(r);
        }
        return Collections.unmodifiableMap(prefs);
    }

    private static Map<String, String> parseJson(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("PMS prefs answer is not valid JSON");
        }
        JsonNode mc = root.path("MediaContainer");
        if (!mc.isObject()) {
            throw new IOException("PMS prefs answer has no MediaContainer");
        }
        Map<String, String> prefs = new LinkedHashMap<>();
        for (JsonNode s : mc.path("Setting")) {
            String id = s.path("id").asText("");
            if (!id.isEmpty()) {
                JsonNode v = s.path("value");
                prefs.put(id, v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return Collections.unmodifiableMap(prefs);
    }
}
