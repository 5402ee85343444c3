package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.PmsFailures;
import io.doorman.checks.PrefsChecks;
import io.doorman.config.ConfigException;
import io.doorman.config.Settings;
import io.doorman.plex.PmsClient;
import io.doorman.plex.PlexTokens;
import io.doorman.prefs.PrefsEnforcer;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.prefs.PrefsPolicy;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code doorman prefs check} and {@code doorman prefs enforce}: PMS's network preferences against the policy
 * (the runbook's, adjusted by {@code prefs-off} and {@code prefs-require}), and their one-shot repair.
 */
final class PrefsCommand {

    static final String CHECK = "check";
    static final String ENFORCE = "enforce";
    /** Each call to PMS; a person is waiting. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private PrefsCommand() {
    }

    static CommandLine commandLine() {
        CommandSpec prefs = CommandSpec.create().name(CommandTree.PREFS);
        prefs.usageMessage().description("Check or repair PMS's network preferences (Relay off, the custom URL set).");
        prefs.addOption(picocli.CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help and exit.").build());
        CommandLine cl = new CommandLine(prefs);
        cl.addSubcommand(CHECK, new CommandLine(sub(CHECK,
                "Read PMS's preferences (GET /:/prefs, owner token) and compare each with the policy.")));
        cl.addSubcommand(ENFORCE, new CommandLine(sub(ENFORCE,
                "Send the drifted preferences in one PUT /:/prefs, read them back and report what changed.")));
        return cl;
    }

    private static CommandSpec sub(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description,
                "The policy: RelayEnabled=0, ManualPortMappingMode=1, ManualPortMappingPort=<public port>,"
                        + " customConnections=<public URL with its port>; prefs-off and prefs-require (config file,"
                        + " env or serve's flags) change it.",
                "Exit: 0 in policy, 3 a preference is off, 1 PMS unreachable or the token refused, 2 bad usage.")
                .width(100);
        CheckOptions.addCommon(spec);
        return spec;
    }

    static int run(ParseResult parsed, CommandLine prefs, CliContext cli) {
        return Subcommands.dispatch(parsed, prefs, cli, "check or enforce", sub -> run(sub, cli));
    }

    private static int run(ParseResult sub, CliContext cli) {
        String name = sub.commandSpec().name();
        String label = "doorman prefs " + name + ": ";
        try {
            CheckOptions.Inputs in = CheckOptions.resolve(sub, cli);
            Settings s = in.settings();
            PrefsPolicy policy;
            try {
                policy = PrefsPolicy.forSettings(s.lockdown());
            } catch (IllegalArgumentException e) {
                throw ConfigException.usage(e.getMessage());
            }
            if (in.ownerToken().isEmpty()) {
                throw ConfigException.unusable("needs the owner token (DOORMAN_OWNER_TOKEN, --owner-token, or the"
                        + " runbook's IPTV_TUNERR_PMS_OWNER_TOKEN / PLEX_OWNER_TOKEN)");
            }
            PrefsEnforcer enforcer = new PrefsEnforcer(PmsClient.forSettings(s), in.ownerToken().reveal(), CALL_TIMEOUT);
            List<String> waiting = PrefsPolicy.waitingForPublicUrl(s.lockdown());
            String token = " [token " + PlexTokens.fingerprint(in.ownerToken().reveal()) + "]";
            List<Check> checks;
            try {
                List<Finding> before = await(enforcer.check(policy));
                if (!before.isEmpty() && before.stream().allMatch(f -> f.state() == State.MISSING)) {
                    // A shared user's token reads /:/prefs too, but without the owner's network settings.
                    cli.err().println(label + "PMS at " + s.upstream() + " shows this token none of "
                            + String.join(", ", before.stream().map(f -> f.pref().id()).toList())
                            + ": use the server owner's token (PlexOnlineToken in PMS's Preferences.xml)" + token);
                    return CheckReport.COULD_NOT_RUN;
                }
                checks = name.equals(ENFORCE)
                        ? PrefsChecks.ofEnforcement(await(enforcer.enforce(policy)), waiting)
                        : PrefsChecks.ofFindings(before, waiting);
            } catch (ExecutionException e) {
                cli.err().println(label + PmsFailures.describe(e, s.upstream(), "reading /:/prefs") + token);
                return CheckReport.COULD_NOT_RUN;
            }
            CheckReport report = new CheckReport("prefs " + name, checks);
            in.print(report, cli);
            return report.exitCode();
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        } catch (GeneralSecurityException | IOException e) {
            cli.err().println(label + "cannot set up TLS for PMS: " + e.getClass().getSimpleName());
            return CheckReport.COULD_NOT_RUN;
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws ExecutionException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }
}
