package io.doorman.cli;

import io.doorman.config.ConfigDocs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code doorman} command: dispatches to {@code serve}, {@code plex-label-proxy}, the check commands
 * ({@code prefs}, {@code validate}, {@code doctor}, {@code health}) and {@code help}. Exit codes: 0 ok, 1 runtime
 * problem, 2 usage error, 3 a check failed; every error is one line on stderr.
 */
public final class Main {

    private static final String COMMAND_LIST = "commands: " + String.join(", ", CommandTree.COMMANDS);

    static {
        // The health check asks the local origin for the public host name, as the tunnel does (Host is a header
        // the JDK's HttpClient refuses unless allowed before its first request).
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        // After SIGTERM the JVM is already exiting; System.exit would only block behind the shutdown hooks.
        if (!ProxyRunner.shutdownStarted()) {
            System.exit(code);
        }
    }

    /** Runs a command line and returns the exit code; never calls System.exit. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, Path.of("").toAbsolutePath(), ProxyRunner::run);
    }

    /** As {@link #run(String[], Map, PrintStream, PrintStream)}, with the working directory and launcher given. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Path cwd,
            Launcher launcher) {
        CliContext cli = new CliContext(Map.copyOf(env), out, err, cwd, launcher);
        try {
            return dispatch(List.of(args), cli);
        } catch (RuntimeException e) {
            // A bug, not a user error: still one line, without the message (it could quote input).
            err.println("doorman: internal error: " + e.getClass().getName()
                    + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(List<String> args, CliContext cli) {
        if (args.isEmpty()) {
            cli.err().println("doorman: missing command (" + COMMAND_LIST + "; see 'doorman help')");
            return 2;
        }
        if (args.get(0).equals(CommandTree.PLEX_LABEL_PROXY)) {
            return PlexLabelProxyCommand.run(args.subList(1, args.size()), cli);
        }
        CommandLine tree = CommandTree.build();
        ParseResult parsed;
        try {
            parsed = tree.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            cli.err().println("doorman: " + describe(e));
            return 2;
        }
        if (parsed.isVersionHelpRequested()) {
            cli.out().println("doorman " + Version.current());
            return 0;
        }
        if (parsed.isUsageHelpRequested()) {
            tree.usage(cli.out());
            return 0;
        }
        ParseResult sub = parsed.subcommand();
        if (sub == null) {
            cli.err().println("doorman: missing command (" + COMMAND_LIST + "; see 'doorman help')");
            return 2;
        }
        return switch (sub.commandSpec().name()) {
            case CommandTree.SERVE -> ServeCommand.run(sub, tree.getSubcommands().get(CommandTree.SERVE), cli);
            case CommandTree.PREFS -> PrefsCommand.run(sub, tree.getSubcommands().get(CommandTree.PREFS), cli);
            case CommandTree.VALIDATE -> ValidateCommand.run(sub, tree.getSubcommands().get(CommandTree.VALIDATE), cli);
            case CommandTree.DOCTOR -> DoctorCommand.run(sub, tree.getSubcommands().get(CommandTree.DOCTOR), cli);
            case CommandTree.HEALTH -> HealthCommand.run(sub, tree.getSubcommands().get(CommandTree.HEALTH), cli);
            case CommandTree.HOST -> HostCommand.run(sub, tree.getSubcommands().get(CommandTree.HOST), cli);
            case CommandTree.FRONTEND -> FrontendCommand.run(sub, tree.getSubcommands().get(CommandTree.FRONTEND), cli);
            case CommandTree.CLOUDFLARE -> CloudflareCommand.run(sub, tree.getSubcommands().get(CommandTree.CLOUDFLARE),
                    cli);
            default -> help(sub.matchedPositionalValue(0, List.<String>of()), tree, cli);
        };
    }

    /** {@code doorman help [COMMAND [SUBCOMMAND]]}. */
    private static int help(List<String> names, CommandLine tree, CliContext cli) {
        if (names.isEmpty()) {
            tree.usage(cli.out());
            return 0;
        }
        if (names.equals(List.of(CommandTree.PLEX_LABEL_PROXY))) {
            cli.out().print(ConfigDocs.plexLabelProxyHelp());
            return 0;
        }
        CommandLine target = tree;
        for (String name : names) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                cli.err().println(target == tree
                        ? "doorman: unknown command '" + name + "' (" + COMMAND_LIST + ")"
                        : "doorman: '" + target.getCommandName() + "' has no subcommand '" + name + "' (see 'doorman help "
                                + target.getCommandName() + "')");
                return 2;
            }
            target = next;
        }
        target.usage(cli.out());
        return 0;
    }

    /** One line for a picocli parse error, naming the flag and where to read about it. */
    static String describe(ParameterException e) {
        String command = e.getCommandLine().getCommandName();
        String path = e.getCommandLine().getCommandSpec().qualifiedName(" ");
        String seeHelp = command.equals("doorman") ? "see 'doorman help'"
                : "see 'doorman help " + path.substring(path.indexOf(' ') + 1) + "'";
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("-")) {
                int eq = arg.indexOf('=');
                // Only the name: the value after '=' may be a token.
                return "unknown flag '" + (eq < 0 ? arg : arg.substring(0, eq)) + "' (" + seeHelp + ")";
            }
            if (command.equals("doorman")) {
                return "unknown command '" + arg + "' (" + COMMAND_LIST + ")";
            }
            return "unexpected argument '" + arg + "' (" + seeHelp + ")";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec spec = m.getMissing().get(0);
            String name = spec instanceof OptionSpec o ? o.longestName() : spec.paramLabel();
            return name + " needs a value (" + seeHelp + ")";
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("bad command line");
        return first + " (" + seeHelp + ")";
    }
}
