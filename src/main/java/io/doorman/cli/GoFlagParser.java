package io.doorman.cli;

import io.doorman.config.ConfigException;
import io.doorman.config.GivenFlag;
import io.doorman.config.GoFlag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a command line as Go's {@code flag} package does: {@code -flag value}, {@code -flag=value}, one or
 * two dashes, booleans bare or {@code -flag=false} (a boolean never takes the next argument), parsing stops
 * at the first non-flag argument or after {@code --}, and an unknown flag is an error.
 */
public final class GoFlagParser {

    /**
     * The outcome.
     *
     * @param flags         given flags keyed by canonical name; the last occurrence wins, as in Go
     * @param rest          arguments after the flags
     * @param helpRequested {@code -h}, {@code -help} or {@code --help} was given
     */
    public record Parsed(Map<String, GivenFlag> flags, List<String> rest, boolean helpRequested) {
    }

    private GoFlagParser() {
    }

    /** Parses {@code args} against {@code table}; ConfigException (exit 2) names the offending flag. */
    public static Parsed parse(List<String> args, List<GoFlag> table) throws ConfigException {
        Map<String, GivenFlag> flags = new LinkedHashMap<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break; // "-" alone is an argument, as in Go
            }
            int dashes = arg.startsWith("--") ? 2 : 1;
            if (dashes == 2 && arg.length() == 2) {
                i++;
                break;
            }
            String body = arg.substring(dashes);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            // The value part is never echoed: it may be a token.
            String spelling = arg.substring(0, dashes) + name;
            if (name.isEmpty() || name.charAt(0) == '-') {
                throw ConfigException.usage("bad flag syntax: " + spelling);
            }
            Optional<GoFlag> def = table.stream().filter(f -> f.answersTo(name)).findFirst();
            if (def.isEmpty()) {
                if (name.equals("h") || name.equals("help")) {
                    return new Parsed(flags, List.of(), true);
                }
                throw ConfigException.usage("flag provided but not defined: " + spelling
                        + " (see 'doorman help plex-label-proxy')");
            }
            GoFlag flag = def.get();
            String value;
            if (flag.isBool()) {
                value = eq < 0 ? "true" : goBool(spelling, body.substring(eq + 1));
            } else if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i); // taken even if it starts with '-', as Go does
            } else {
                throw ConfigException.usage("flag needs an argument: " + spelling);
            }
            flags.put(flag.name(), new GivenFlag(spelling, value));
            i++;
        }
        return new Parsed(flags, List.copyOf(args.subList(i, args.size())), false);
    }

    /** Go's strconv.ParseBool, plus yes/no as Doorman's own settings accept them. */
    private static String goBool(String spelling, String text) throws ConfigException {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True", "yes", "YES", "Yes" -> "true";
            case "0", "f", "F", "FALSE", "false", "False", "no", "NO", "No" -> "false";
            default -> throw ConfigException.usage(spelling + ": invalid boolean value '" + text + "' (want true or false)");
        };
    }
}
