package io.doorman.cli;

import io.doorman.config.ConfigException;
import io.doorman.config.ConfigFile;
import io.doorman.config.ResolvedSettings;
import io.doorman.config.SettingDef;
import io.doorman.config.SettingsResolver;
import io.doorman.config.SettingsTable;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code doorman serve}: resolve settings (flags, env, config file, defaults) and run the proxy. */
final class ServeCommand {

    private ServeCommand() {
    }

    static int run(ParseResult parsed, CommandLine serve, CliContext cli) {
        if (parsed.isUsageHelpRequested()) {
            serve.usage(cli.out());
            return 0;
        }
        try {
            Map<String, String> flags = new HashMap<>();
            for (SettingDef d : SettingsTable.ALL) {
                if (parsed.hasMatchedOption(d.flagName())) {
                    flags.put(d.key(), parsed.matchedOptionValue(d.flagName(), "true"));
                }
            }
            String config = parsed.matchedOptionValue(CommandTree.CONFIG_OPTION, null);
            ConfigFile file = ConfigFile.locate(config, cli.env(), cli.cwd());
            ResolvedSettings resolved = SettingsResolver.resolve(flags, cli.env(), file);
            io.doorman.config.Settings settings = resolved.settings();
            if (settings.liveTv().abuseBlockStateFile() == null) {
                // serve keeps blocks across restarts by default, under its data directory
                java.nio.file.Path blocks = settings.dataDir().resolve("blocks.json");
                settings = settings.toBuilder().updateLiveTv(l -> l.withAbuseBlockStateFile(blocks)).build();
            }
            try {
                io.doorman.prefs.PrefsPolicy.forSettings(settings.lockdown());
            } catch (IllegalArgumentException e) {
                throw ConfigException.usage(e.getMessage());
            }
            String mode = PlexLabelProxyCommand.modeNote(settings.liveTv());
            return cli.launcher().launch(new LaunchPlan("doorman", settings,
                    mode.equals("; mode=pass-through") ? "" : mode, resolved.isExplicit("admin-listen"), true),
                    cli.out(), cli.err());
        } catch (ConfigException e) {
            cli.err().println("doorman: " + e.getMessage());
            return e.exitCode();
        }
    }
}
