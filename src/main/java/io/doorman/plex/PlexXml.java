package io.doorman.plex;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reading PMS's XML: a body from the network never gets a DTD or an external entity resolved. */
public final class PlexXml {

    private PlexXml() {
    }

    /** A fresh StAX factory with DTDs and external entities off; callers may set more properties. */
    public static XMLInputFactory safeFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    /** {@code " (line L, column C)"}, or empty when the parser knows no position: never the body's text. */
    public static String position(Location location) {
        if (location == null || location.getLineNumber() < 0) {
            return "";
        }
        return " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
    }

    /** Closes a reader over an in-memory body, where a close failure changes nothing. */
    public static void closeQuietly(XMLStreamReader r) {
        if (r == null) {
            return;
        }
        try {
            r.close();
        } catch (XMLStreamException e) {
            // Nothing to release beyond the in-memory body.
        }
    }
}
