package io.doorman.plex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads the XML of {@code GET /status/sessions} (owner token): one {@link PmsSession} per playing item. */
public final class PmsSessions {

    /** The elements PMS writes per playback (plex-api.md section 3). */
    private static final Set<String> ITEMS = Set.of("Video", "Track", "Photo", "Episode", "Movie");

    private PmsSessions() {
    }

    /** @throws IOException naming only a position, never quoting the body */
    public static List<PmsSession> parse(byte[] body) throws IOException {
        List<PmsSession> out = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = PlexXml.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            boolean sawContainer = false;
            Builder item = null;
            int depth = 0;
            int itemDepth = -1;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 1) {
                        sawContainer = name.equals("MediaContainer");
                    } else if (depth == 2 && ITEMS.contains(name)) {
                        item = new Builder(r);
                        itemDepth = depth;
                    } else if (item != null && depth == itemDepth + 1) {
                        item.child(name, r);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (item != null && depth == itemDepth) {
                        out.add(item.build());
                        item = null;
                    }
                    depth--;
                }
            }
            if (!sawContainer) {
                throw new IOException("PMS sessions answer has no MediaContainer");
            }
        } catch (XMLStreamException e) {
            throw new IOException("PMS sessions answer is not well-formed XML" + PlexXml.position(e.getLocation()));
        } finally {
            PlexXml.closeQuietly(r);
        }
        return List.copyOf(out);
    }

    /** Collects one item's attributes and those of its Player, Session and User children. */
    private static final class Builder {
        private final String title;
        private String user = "";
        private String player = "";
        private String machineIdentifier = "";
        private String address = "";
        private boolean local;
        private boolean relayed;
        private String location;
        private Boolean secure;
        private Integer bandwidth;

        Builder(XMLStreamReader r) {
            String t = attr(r, "title");
            String show = attr(r, "grandparentTitle");
            this.title = show.isEmpty() ? t : show + " - " + t;
        }

        void child(String name, XMLStreamReader r) {
            switch (name) {
                case "User" -> user = attr(r, "title");
                case "Player" -> {
                    player = attr(r, "title").isEmpty() ? attr(r, "product") : attr(r, "title");
                    machineIdentifier = attr(r, "machineIdentifier");
                    String a = attr(r, "address");
                    address = a.regionMatches(true, 0, "::ffff:", 0, 7) ? a.substring(7) : a;
                    local = isTrue(attr(r, "local"));
                    relayed = isTrue(attr(r, "relayed"));
                    String sec = attr(r, "secure");
                    secure = sec.isEmpty() ? null : isTrue(sec);
                }
                case "Session" -> {
                    location = attr(r, "location");
                    String b = attr(r, "bandwidth");
                    bandwidth = b.matches("[0-9]{1,9}") ? Integer.valueOf(b) : null;
                }
                default -> {
                    // Media, TranscodeSession and the rest say nothing about the path.
                }
            }
        }

        PmsSession build() {
            String loc = location == null || location.isEmpty() ? (local ? "lan" : "wan") : location;
            return new PmsSession(title, user, player, machineIdentifier, address, local, relayed, loc, secure,
                    bandwidth);
        }

        private static String attr(XMLStreamReader r, String name) {
            String v = r.getAttributeValue(null, name);
            return v == null ? "" : v;
        }

        private static boolean isTrue(String v) {
            return v.equals("1") || v.equalsIgnoreCase("true");
        }
    }
}
