package io.doorman.plex;

import io.doorman.plex.PreferencesXmlException.Reason;
import java.util.Locale;

/** Where the owner's Preferences.xml is looked for: the Linux package's place, a Docker image's, or a given path. */
public enum PreferencesXmlSource {
    LINUX, DOCKER, PATH;

    /** The name the console and CLI use: {@code linux}, {@code docker} or {@code path}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source with this {@link #id()}, or a bad-input error naming the field {@code source}. */
    public static PreferencesXmlSource fromId(String id) throws PreferencesXmlException {
        for (PreferencesXmlSource s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new PreferencesXmlException(Reason.BAD_INPUT, "source",
                "source must be linux, docker or path", null);
    }
}
