package io.doorman.plex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The known places of PMS's Preferences.xml (fact sheet section 6), under a file system root ({@code /} in
 * production, a temporary directory in tests). Linux packages use
 * {@code $PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR/Plex Media Server/Preferences.xml}, the base defaulting to
 * {@code /var/lib/plexmediaserver/Library/Application Support} unless {@code /etc/default/plexmediaserver}
 * sets it; both Docker images keep it under {@code /config/Library/Application Support}.
 */
public final class PreferencesXmlLocations {

    static final String LINUX_SUPPORT_DIR = "var/lib/plexmediaserver/Library/Application Support";
    static final String DOCKER_SUPPORT_DIR = "config/Library/Application Support";
    static final String LINUX_DEFAULTS = "etc/default/plexmediaserver";
    static final String IN_SUPPORT_DIR = "Plex Media Server/Preferences.xml";

    /** A literal absolute override; a value built from other variables ({@code $...}) cannot be followed here. */
    private static final Pattern SUPPORT_DIR_OVERRIDE = Pattern.compile(
            "^\\s*(?:export\\s+)?PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR=([\"']?)(/[^\"'$`]*?)\\1\\s*$");

    private final Path root;

    private PreferencesXmlLocations(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The locations on this machine. */
    public static PreferencesXmlLocations system() {
        return new PreferencesXmlLocations(Path.of("/"));
    }

    /** The locations as if {@code root} were {@code /}. */
    public static PreferencesXmlLocations under(Path root) {
        return new PreferencesXmlLocations(root);
    }

    /** The Linux package's file: the override from /etc/default/plexmediaserver first, when set, then the default. */
    public List<Path> linux() {
        List<Path> candidates = new ArrayList<>(2);
        overriddenSupportDir().ifPresent(dir -> candidates.add(inRoot(dir).resolve(IN_SUPPORT_DIR)));
        Path standard = root.resolve(LINUX_SUPPORT_DIR).resolve(IN_SUPPORT_DIR);
        if (!candidates.contains(standard)) {
            candidates.add(standard);
        }
        return List.copyOf(candidates);
    }

    /** The file in the pms-docker and linuxserver images. */
    public Path docker() {
        return root.resolve(DOCKER_SUPPORT_DIR).resolve(IN_SUPPORT_DIR);
    }

    private Optional<String> overriddenSupportDir() {
        Path defaults = root.resolve(LINUX_DEFAULTS);
        if (!Files.isReadable(defaults)) {
            return Optional.empty();
        }
        try {
            String override = null;
            for (String line : Files.readAllLines(defaults, StandardCharsets.UTF_8)) {
                Matcher m = SUPPORT_DIR_OVERRIDE.matcher(line);
                if (m.matches()) {
                    override = m.group(2); // the last assignment wins, as in a shell
                }
            }
            return Optional.ofNullable(override);
        } catch (IOException | RuntimeException e) {
            // An unreadable or odd defaults file only means the standard place is the one to try.
            return Optional.empty();
        }
    }

    private Path inRoot(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
