package io.doorman.cli;

import io.doorman.checks.CheckReport;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** A command that is a group of subcommands ({@code host}, {@code prefs}, {@code cloudflare}): help and a missing subcommand, said once. */
final class Subcommands {

    private Subcommands() {
    }

    /**
     * Runs the chosen subcommand, or prints the group's or the subcommand's help (exit 0), or says which
     * subcommands there are when none was given (exit 2).
     *
     * @param choices the subcommands as the error lists them, e.g. {@code check or enforce}
     */
    static int dispatch(ParseResult parsed, CommandLine group, CliContext cli, String choices,
            ToIntFunction<ParseResult> run) {
        ParseResult sub = parsed.subcommand();
        String name = group.getCommandName();
        if (sub == null) {
            if (parsed.isUsageHelpRequested()) {
                group.usage(cli.out());
                return 0;
            }
            cli.err().println("doorman " + name + ": missing subcommand (" + choices + "; see 'doorman help " + name
                    + "')");
            return CheckReport.USAGE;
        }
        if (sub.isUsageHelpRequested()) {
            group.getSubcommands().get(sub.commandSpec().name()).usage(cli.out());
            return 0;
        }
        return run.applyAsInt(sub);
    }
}
