package io.doorman.plex;

import javax.xml.stream.XMLInputFactory;

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
}
