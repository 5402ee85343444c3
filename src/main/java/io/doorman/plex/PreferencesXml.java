package io.doorman.plex;

import io.doorman.config.Secret;
import io.doorman.plex.PreferencesXmlException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the owner token and server identity out of one PMS {@code Preferences.xml}: a single
 * {@code <Preferences .../>} element whose attributes are the prefs. Read safely: at most {@link #MAX_BYTES},
 * no document type (PMS never writes one, so one is refused, never expanded), no external entities.
 */
public final class PreferencesXml {

    /** A real Preferences.xml is a few KiB; anything over this is not one. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Opens a file for reading; a seam so tests can stand in for a file system that refuses access. */
    @FunctionalInterface
    interface Opener {
        InputStream open(Path path) throws IOException;
    }

    private final Opener opener;

    /** Reads from the real file system. */
    public PreferencesXml() {
        this(Files::newInputStream);
    }

    PreferencesXml(Opener opener) {
        this.opener = opener;
    }

    /** The owner token and identity in {@code file}, or an exception saying what is wrong and what to do. */
    public PreferencesXmlOwner read(Path file) throws PreferencesXmlException {
        byte[] bytes = load(file);
        XMLStreamReader r = null;
        try {
            r = PlexXml.safeFactory().createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw notPreferences(file, "it has a document type declaration, which PMS never writes");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (!r.getLocalName().equals("Preferences")) {
                        throw notPreferences(file, "its root element is not <Preferences>");
                    }
                    return owner(file, r);
                }
            }
            throw notPreferences(file, "it has no <Preferences> element");
        } catch (XMLStreamException e) {
            // The parser's own message may quote the text around the error, which may be the token.
            throw new PreferencesXmlException(Reason.NOT_PREFERENCES, null,
                    file + " is not well-formed XML" + PlexXml.position(e.getLocation()), null);
        } finally {
            PlexXml.closeQuietly(r);
        }
    }

    private byte[] load(Path file) throws PreferencesXmlException {
        byte[] bytes;
        try (InputStream in = opener.open(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new PreferencesXmlException(Reason.NOT_FOUND, "no Preferences.xml at " + file);
        } catch (AccessDeniedException e) {
            throw new PreferencesXmlException(Reason.PERMISSION_DENIED, "permission denied reading " + file
                    + ": PMS keeps Preferences.xml readable by the plex user; run Doorman as a user that can read"
                    + " it, or paste the token instead");
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
            throw new PreferencesXmlException(Reason.UNREADABLE, null, "cannot read " + file + ": " + why, null);
        }
        if (bytes.length > MAX_BYTES) {
            throw new PreferencesXmlException(Reason.TOO_LARGE, file + " is larger than " + (MAX_BYTES >> 20)
                    + " MiB, far more than any Preferences.xml; it is not read");
        }
        return bytes;
    }

    private static PreferencesXmlOwner owner(Path file, XMLStreamReader r) throws PreferencesXmlException {
        Secret token = new Secret(r.getAttributeValue(null, "PlexOnlineToken"));
        if (token.isEmpty()) {
            throw new PreferencesXmlException(Reason.NO_TOKEN, file + " has no PlexOnlineToken: this PMS is not"
                    + " claimed or its owner signed out; sign in to the server in Plex Web, or paste a token");
        }
        return new PreferencesXmlOwner(file, token, PlexTokens.fingerprint(token.reveal()),
                attribute(r, "MachineIdentifier"), attribute(r, "ProcessedMachineIdentifier"),
                attribute(r, "FriendlyName"));
    }

    private static Optional<String> attribute(XMLStreamReader r, String name) {
        String value = r.getAttributeValue(null, name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static PreferencesXmlException notPreferences(Path file, String why) {
        return new PreferencesXmlException(Reason.NOT_PREFERENCES, file + " is not a PMS Preferences.xml: " + why);
    }
}
