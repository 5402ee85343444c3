package io.doorman.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** {@code doorman doctor}: not built yet (issue 12 in progress). */
final class DoctorCommand {

    private DoctorCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(CommandTree.DOCTOR);
        spec.usageMessage().description("(not built yet)");
        CheckOptions.addCommon(spec);
        return spec;
    }

    static int run(ParseResult parsed, CommandLine command, CliContext cli) {
        if (parsed.isUsageHelpRequested()) {
            command.usage(cli.out());
            return 0;
        }
        cli.err().println("doorman doctor: not built yet");
        return 1;
    }
}
