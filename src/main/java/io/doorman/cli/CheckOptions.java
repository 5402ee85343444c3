package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.config.ConfigException;
import io.doorman.config.ConfigFile;
import io.doorman.config.HostPort;
import io.doorman.config.ResolvedSettings;
import io.doorman.config.Secret;
import io.doorman.config.Settings;
import io.doorman.config.SettingsResolver;
import io.doorman.config.ValueParsers;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The flags every check command ({@code prefs}, {@code validate}, {@code doctor}, {@code health}) shares, and
 * how they resolve: flag &gt; environment &gt; config file &gt; default, through the same settings as {@code serve},
 * so a check run next to a service reads the service's env and config file.
 */
final class CheckOptions {

    static final String PMS_URL = "--pms-url";
    static final String OWNER_TOKEN = "--owner-token";
    static final String PUBLIC_URL = "--public-url";
    static final String JSON = "--json";

    /** The runbook's owner-token variables, read after {@code DOORMAN_OWNER_TOKEN}, in this order. */
    static final List<String> RUNBOOK_OWNER_TOKEN_ENV = List.of("IPTV_TUNERR_PMS_OWNER_TOKEN", "PLEX_OWNER_TOKEN");

    private CheckOptions() {
    }

    /** Adds the PMS, token, public URL, {@code --json}, {@code --config} and help options. */
    static void addCommon(CommandSpec spec) {
        spec.addOption(option(PMS_URL, "URL", "Plex Media Server base URL.",
                "Env: DOORMAN_UPSTREAM (upstream in the config file).", "Default: http://127.0.0.1:32400."));
        spec.addOption(option(OWNER_TOKEN, "TOKEN", "The server owner's Plex token (prefer the env: flags show in ps).",
                "Env: DOORMAN_OWNER_TOKEN, then IPTV_TUNERR_PMS_OWNER_TOKEN, PLEX_OWNER_TOKEN."));
        spec.addOption(option(PUBLIC_URL, "URL", "The front door clients use, e.g. https://media.example.com.",
                "Env: DOORMAN_PUBLIC_URL (public-url in the config file)."));
        addJsonConfigAndHelp(spec);
    }

    /** Only {@code --json}, {@code --config} and help (for a command that does not talk to PMS). */
    static void addJsonConfigAndHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder(JSON).arity("0").description("Print one JSON object instead of the table.")
                .build());
        spec.addOption(option(CommandTree.CONFIG_OPTION, "FILE", "YAML config file (the one serve reads).",
                "Env: " + ConfigFile.ENV + ". Default: " + ConfigFile.DEFAULT_NAME + " in the working directory, if it exists."));
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
    }

    static OptionSpec option(String name, String label, String... description) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).arity("1").description(description).build();
    }

    /**
     * The settings the check runs with.
     *
     * @throws ConfigException a bad flag, variable or file value (exit 2), or an unreadable file (exit 1)
     */
    static Inputs resolve(ParseResult parsed, CliContext cli) throws ConfigException {
        Map<String, String> flags = new HashMap<>();
        String pmsUrl = parsed.matchedOptionValue(PMS_URL, null);
        if (pmsUrl != null) {
            check(PMS_URL, pmsUrl);
            flags.put("upstream", pmsUrl);
        }
        String publicUrl = parsed.matchedOptionValue(PUBLIC_URL, null);
        if (publicUrl != null) {
            check(PUBLIC_URL, publicUrl);
            flags.put("public-url", publicUrl);
        }
        String token = parsed.matchedOptionValue(OWNER_TOKEN, null);
        if (token == null && isBlank(cli.env().get("DOORMAN_OWNER_TOKEN"))) {
            token = RUNBOOK_OWNER_TOKEN_ENV.stream().map(cli.env()::get).filter(v -> !isBlank(v)).findFirst()
                    .orElse(null);
        }
        if (token != null) {
            flags.put("owner-token", token);
        }
        ConfigFile file = ConfigFile.locate(parsed.matchedOptionValue(CommandTree.CONFIG_OPTION, null), cli.env(),
                cli.cwd());
        ResolvedSettings resolved = SettingsResolver.resolve(flags, cli.env(), file);
        return new Inputs(resolved.settings(), parsed.hasMatchedOption(JSON));
    }

    private static void check(String flag, String url) throws ConfigException {
        try {
            ValueParsers.upstreamUrl(url);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(flag + ": " + e.getMessage());
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * What a check command runs with.
     *
     * @param settings everything {@code serve} would resolve here, with the check's flags applied
     * @param json     print JSON instead of the table
     */
    record Inputs(Settings settings, boolean json) {

        Secret ownerToken() {
            return settings.liveTv().ownerToken();
        }

        /** The report on stdout: the table, or with {@code --json} its one JSON line. */
        void print(CheckReport report, CliContext cli) {
            cli.out().print(json ? report.json() + System.lineSeparator() : report.table());
        }
    }

    /** A listener of this machine as an http:// URL to ask it at; an all-interfaces bind is asked on loopback. */
    static URI localUrl(HostPort listener) {
        if (listener == null) {
            return null;
        }
        return URI.create("http://" + listener.reachableLocally());
    }
}
