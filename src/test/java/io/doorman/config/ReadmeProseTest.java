package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's prose, outside the generated tables, names only flags that exist and calls none of them missing. */
class ReadmeProseTest {

    private static final Pattern FLAG = Pattern.compile("`(--?)([a-z][a-z0-9-]*)");
    /** Placeholders the prose uses to talk about flags in general, and serve's own options. */
    private static final Set<String> NOT_SETTINGS = Set.of("flag", "flags", "config", "version", "help");

    /** The check commands' own flags ({@code --pms-url}, {@code --json}, ...). */
    private static final Set<String> CHECK_COMMAND_FLAGS = io.doorman.cli.CommandFlags.allLongOptions();

    private static List<String> paragraphs() throws Exception {
        return List.of(Files.readString(Path.of("README.md")).split("\n\\s*\n"));
    }

    private static boolean exists(String dashes, String name) {
        if (NOT_SETTINGS.contains(name)) {
            return true;
        }
        return dashes.equals("--") ? SettingsTable.find(name).isPresent() || CHECK_COMMAND_FLAGS.contains(name)
                : PlexLabelProxyFlags.find(name).isPresent();
    }

    private static List<String> flagsIn(String paragraph) {
        List<String> found = new ArrayList<>();
        Matcher m = FLAG.matcher(paragraph);
        while (m.find()) {
            found.add(m.group(1) + m.group(2));
        }
        return found;
    }

    @Test
    void everyFlagTheProseNamesExists() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (String p : paragraphs()) {
            for (String f : flagsIn(p)) {
                String dashes = f.startsWith("--") ? "--" : "-";
                if (!exists(dashes, f.substring(dashes.length()))) {
                    unknown.add(f);
                }
            }
        }
        assertThat(unknown).as("flags the README names that neither serve nor plex-label-proxy has").isEmpty();
    }

    @Test
    void noFlagThatExistsIsCalledUnsupported() throws Exception {
        List<String> stale = new ArrayList<>();
        for (String p : paragraphs()) {
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.contains("not yet supported") || lower.contains("not supported")
                    || lower.contains("not implemented")) {
                for (String f : flagsIn(p)) {
                    String dashes = f.startsWith("--") ? "--" : "-";
                    String name = f.substring(dashes.length());
                    if (!NOT_SETTINGS.contains(name) && exists(dashes, name)) {
                        stale.add(f);
                    }
                }
            }
        }
        assertThat(stale).as("flags that work, in a README paragraph that says something is unsupported").isEmpty();
    }
}
