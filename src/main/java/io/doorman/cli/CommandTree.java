package io.doorman.cli;

import io.doorman.config.ConfigFile;
import io.doorman.config.SettingDef;
import io.doorman.config.SettingsTable;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The picocli command tree. {@code serve}'s options are generated from {@link SettingsTable}, so help, the
 * README and the resolver can never disagree. Options are plain strings: parsing values is the resolver's
 * job, so a flag and its environment variable fail with the same message.
 */
final class CommandTree {

    static final String SERVE = "serve";
    static final String PLEX_LABEL_PROXY = "plex-label-proxy";
    static final String PREFS = "prefs";
    static final String VALIDATE = "validate";
    static final String DOCTOR = "doctor";
    static final String HEALTH = "health";
    static final String HOST = "host";
    static final String FRONTEND = "frontend";
    static final String CLOUDFLARE = "cloudflare";
    static final String HELP = "help";
    static final List<String> COMMANDS = List.of(SERVE, PLEX_LABEL_PROXY, PREFS, VALIDATE, DOCTOR, HEALTH, HOST,
            FRONTEND, CLOUDFLARE, HELP);
    static final String CONFIG_OPTION = "--config";

    private static final int WIDTH = 100;

    private CommandTree() {
    }

    static CommandLine build() {
        CommandSpec top = CommandSpec.create().name("doorman");
        top.usageMessage().description("A fast, secure front door for Plex Media Server.").width(WIDTH)
                .footer("", "Run 'doorman help COMMAND' for a command's flags.");
        top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        top.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print the version and exit.").build());
        CommandLine cl = new CommandLine(top);
        cl.addSubcommand(SERVE, new CommandLine(serve()));
        cl.addSubcommand(PLEX_LABEL_PROXY, new CommandLine(plexLabelProxy()));
        cl.addSubcommand(PREFS, PrefsCommand.commandLine());
        cl.addSubcommand(VALIDATE, new CommandLine(ValidateCommand.spec()));
        cl.addSubcommand(DOCTOR, new CommandLine(DoctorCommand.spec()));
        cl.addSubcommand(HEALTH, new CommandLine(HealthCommand.spec()));
        cl.addSubcommand(HOST, HostCommand.commandLine());
        cl.addSubcommand(FRONTEND, new CommandLine(FrontendCommand.spec()));
        cl.addSubcommand(CLOUDFLARE, CloudflareCommand.commandLine());
        cl.addSubcommand(HELP, new CommandLine(help()));
        // "@file" expansion would let an argument silently read a file; "last flag wins" matches Go and env files.
        cl.setExpandAtFiles(false);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cl;
    }

    private static CommandSpec serve() {
        CommandSpec spec = CommandSpec.create().name(SERVE);
        spec.usageMessage().description("Run the proxy in front of Plex Media Server.",
                "Precedence: flag > environment > config file > default.").width(WIDTH)
                .sortOptions(false).abbreviateSynopsis(true);
        for (SettingDef d : SettingsTable.ALL) {
            OptionSpec.Builder b = OptionSpec.builder(d.flagName())
                    .paramLabel(d.paramLabel())
                    .type(String.class)
                    .description(capitalized(d.meaning()) + ".", "Env: " + d.envName() + ". Default: " + d.defaultText() + ".");
            if (d.isSwitch()) {
                b.arity("0..1").fallbackValue("true");
            } else {
                b.arity("1");
            }
            spec.addOption(b.build());
        }
        spec.addOption(OptionSpec.builder(CONFIG_OPTION).paramLabel("FILE").type(String.class)
                .description("YAML config file; its keys are the flag names without '--'.",
                        "Env: " + ConfigFile.ENV + ". Default: " + ConfigFile.DEFAULT_NAME
                                + " in the working directory, if it exists.")
                .build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        return spec;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Listed for help only: its arguments never go through picocli (they follow Go's flag syntax). */
    private static CommandSpec plexLabelProxy() {
        CommandSpec spec = CommandSpec.create().name(PLEX_LABEL_PROXY);
        spec.usageMessage().description("Drop-in for 'iptv-tunerr plex-label-proxy' (its Go-style flags and env vars).");
        return spec;
    }

    private static CommandSpec help() {
        CommandSpec spec = CommandSpec.create().name(HELP);
        spec.usageMessage().description("Show help for a command.");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("COMMAND").arity("0..2").type(List.class)
                .auxiliaryTypes(String.class)
                .description(String.join(", ", COMMANDS.subList(0, COMMANDS.size() - 1))
                        + "; and a subcommand of prefs or host").build());
        return spec;
    }
}
