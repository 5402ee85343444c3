package io.doorman.cli;

import io.doorman.config.ConfigDocs;
import io.doorman.config.ConfigException;
import io.doorman.config.ConfigFile;
import io.doorman.config.LiveTvSettings;
import io.doorman.config.PlexLabelProxyFlags;
import io.doorman.config.PlexLabelProxyResolver;
import io.doorman.config.ResolvedSettings;
import io.doorman.config.SettingsResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code doorman plex-label-proxy}: the Go tool's command line and environment, accepted verbatim, so its
 * unit and env files keep working; Doorman's other settings come from DOORMAN_* variables and the config file.
 */
final class PlexLabelProxyCommand {

    static final String PREFIX = "plex-label-proxy";

    private static final Set<String> BOOL_WORDS = Set.of("true", "false", "1", "0", "t", "f", "yes", "no");

    private PlexLabelProxyCommand() {
    }

    static int run(List<String> args, CliContext cli) {
        try {
            GoFlagParser.Parsed parsed = GoFlagParser.parse(args, PlexLabelProxyFlags.ALL);
            if (parsed.helpRequested()) {
                cli.out().print(ConfigDocs.plexLabelProxyHelp());
                return 0;
            }
            if (!parsed.rest().isEmpty()) {
                throw ConfigException.usage(unexpected(parsed.rest(), args.size() - parsed.rest().size() + 1));
            }
            ConfigFile file = ConfigFile.locate(null, cli.env(), cli.cwd());
            ResolvedSettings base = SettingsResolver.resolve(Map.of(), cli.env(), file);
            PlexLabelProxyResolver.Result result = PlexLabelProxyResolver.resolve(parsed.flags(), cli.env(), base);
            return cli.launcher().launch(new LaunchPlan(PREFIX, result.settings(), modeNote(result.settings().liveTv()),
                    base.isExplicit("admin-listen"), false), cli.out(), cli.err());
        } catch (ConfigException e) {
            cli.err().println(PREFIX + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    /**
     * Go would silently stop at a stray argument and ignore every flag after it ({@code -elevate-live-tv false
     * -listen ...}); Doorman refuses instead. The argument is quoted only when it is a boolean word: anything
     * else could be a token put in the wrong place.
     */
    private static String unexpected(List<String> rest, int position) {
        String arg = rest.get(0);
        if (BOOL_WORDS.contains(arg.toLowerCase(Locale.ROOT))) {
            return "unexpected argument '" + arg + "' at position " + position
                    + ": a boolean flag takes its value as -flag=" + arg;
        }
        return "unexpected argument at position " + position
                + ": flags must come first (see 'doorman help plex-label-proxy')";
    }

    /** What the startup line says about Live TV: the effective modes (never a token). */
    static String modeNote(LiveTvSettings live) {
        String mode = live.elevateAll() ? "elevate-all"
                : live.elevateLiveTv() ? (live.elevateDiscoveryOnly() ? "elevate-live-tv discovery-only" : "elevate-live-tv")
                : "pass-through";
        List<String> extras = new ArrayList<>();
        add(extras, live.userHeader() && live.elevates(), "user-header");
        add(extras, live.providerLabels(), "provider-labels");
        add(extras, live.spoofIdentity(), "spoof-identity");
        add(extras, live.neutralizeOwnerHistory() && live.elevates(), "neutralize-owner-history"); // nothing to neutralize otherwise
        return "; mode=" + mode + (extras.isEmpty() ? "" : " " + String.join(" ", extras));
    }

    private static void add(List<String> out, boolean on, String name) {
        if (on) {
            out.add(name);
        }
    }
}
