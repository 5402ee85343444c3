package io.doorman.config;

import java.util.List;

/**
 * One flag of {@code plex-label-proxy}, the Go tool's command line that Doorman accepts verbatim.
 *
 * @param name        canonical name without dashes: {@code upstream}
 * @param aliases     other names for the same flag: {@code plex-url}
 * @param kind        how the value is parsed; {@link Kind#BOOL} flags never take the next argument
 * @param envs        environment fallbacks, in order
 * @param envNote     extra fallback wording for docs (may be empty)
 * @param defaultText the default as help shows it
 * @param meaning     one line saying what the flag is for
 */
public record GoFlag(String name, List<String> aliases, Kind kind, List<String> envs, String envNote,
        String defaultText, String meaning) {

    /** Value types of Go's {@code flag} package used by the tool. */
    public enum Kind { STRING, BOOL, INT, DURATION }

    public GoFlag {
        aliases = List.copyOf(aliases);
        envs = List.copyOf(envs);
    }

    public boolean isBool() {
        return kind == Kind.BOOL;
    }

    /** Whether {@code n} (without dashes) names this flag. */
    public boolean answersTo(String n) {
        return name.equals(n) || aliases.contains(n);
    }
}
