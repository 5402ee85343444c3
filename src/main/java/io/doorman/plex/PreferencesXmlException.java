package io.doorman.plex;

import java.io.IOException;
import java.util.Optional;

/**
 * Why a PMS {@code Preferences.xml} gave no owner token: a message for a person (which path, what to do), a
 * {@link Reason} for code mapping it to a status, and the input field at fault. Never the token or file text.
 */
public final class PreferencesXmlException extends IOException {

    /** What went wrong, for mapping to an HTTP status or an exit code. */
    public enum Reason {
        /** The request itself is wrong (unknown source, missing path): see {@link #field()}. */
        BAD_INPUT,
        /** No file at any path tried. */
        NOT_FOUND,
        /** The file is there but this process may not read it. */
        PERMISSION_DENIED,
        /** The file is far larger than any Preferences.xml. */
        TOO_LARGE,
        /** Not well-formed XML, a document type, or another root element than {@code <Preferences>}. */
        NOT_PREFERENCES,
        /** A Preferences.xml without {@code PlexOnlineToken}: PMS not claimed, or signed out. */
        NO_TOKEN,
        /** Any other read failure. */
        UNREADABLE
    }

    private final Reason reason;
    private final String field;

    PreferencesXmlException(Reason reason, String message) {
        this(reason, null, message, null);
    }

    PreferencesXmlException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault ({@code source} or {@code path}), when the input is. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
