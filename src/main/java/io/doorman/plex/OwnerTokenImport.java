package io.doorman.plex;

import io.doorman.plex.PreferencesXmlException.Reason;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Imports the PMS owner token from Preferences.xml for the setup wizard and the CLI: picks the file for a
 * source ({@code linux}, {@code docker}, or {@code path} with a given file or its directory), reads it, and
 * says which paths were tried when none is there.
 */
public final class OwnerTokenImport {

    private final PreferencesXmlLocations locations;
    private final PreferencesXml reader;

    /** Imports from this machine's known locations. */
    public OwnerTokenImport() {
        this(PreferencesXmlLocations.system(), new PreferencesXml());
    }

    public OwnerTokenImport(PreferencesXmlLocations locations, PreferencesXml reader) {
        this.locations = Objects.requireNonNull(locations, "locations");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The owner token from the source named as the console sends it.
     *
     * @param path the file (or its directory) for source {@code path}; ignored for the others
     */
    public PreferencesXmlOwner importFrom(String source, String path) throws PreferencesXmlException {
        return importFrom(PreferencesXmlSource.fromId(source), path);
    }

    /** The owner token from this source; the first candidate file that exists is the one read. */
    public PreferencesXmlOwner importFrom(PreferencesXmlSource source, String path) throws PreferencesXmlException {
        List<Path> candidates = candidates(source, path);
        for (Path candidate : candidates) {
            if (Files.exists(candidate)) {
                return reader.read(candidate);
            }
        }
        if (candidates.size() == 1) {
            // One place: let the reader say what it found there (missing, or not even visible to us).
            return reader.read(candidates.getFirst());
        }
        throw new PreferencesXmlException(Reason.NOT_FOUND, "no Preferences.xml found; tried "
                + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    private List<Path> candidates(PreferencesXmlSource source, String path) throws PreferencesXmlException {
        return switch (source) {
            case LINUX -> locations.linux();
            case DOCKER -> List.of(locations.docker());
            case PATH -> List.of(given(path));
        };
    }

    private static Path given(String path) throws PreferencesXmlException {
        if (path == null || path.isBlank()) {
            throw new PreferencesXmlException(Reason.BAD_INPUT, "path", "path is required for source path", null);
        }
        Path p;
        try {
            p = Path.of(path.trim());
        } catch (InvalidPathException e) {
            throw new PreferencesXmlException(Reason.BAD_INPUT, "path", "path is not a valid file path", null);
        }
        if (!p.isAbsolute()) {
            throw new PreferencesXmlException(Reason.BAD_INPUT, "path", "path must be absolute", null);
        }
        return Files.isDirectory(p) ? p.resolve("Preferences.xml") : p;
    }
}
