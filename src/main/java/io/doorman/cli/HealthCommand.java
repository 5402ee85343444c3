package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.checks.FrontendHealth;
import io.doorman.checks.FrontendHealthTargets;
import io.doorman.checks.FrontendRestarts;
import io.doorman.checks.RestartCommand;
import io.doorman.config.ConfigException;
import io.doorman.config.GoDuration;
import io.doorman.config.ValueParsers;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code doorman health}: the runbook's Cloudflare Tunnel health timer as one command (tunnel metrics, edge
 * connections, the local origin, the public URL; with {@code --restart} the runbook's restarts).
 */
final class HealthCommand {

    static final String METRICS_URL = "--metrics-url";
    static final String MIN_CONNECTIONS = "--min-connections";
    static final String ORIGIN_URL = "--origin-url";
    static final String TIMEOUT = "--timeout";
    static final String RESTART = "--restart";
    static final String RESTART_PROXY_CMD = "--restart-proxy-cmd";
    static final String RESTART_TUNNEL_CMD = "--restart-tunnel-cmd";
    static final String RESTART_WAIT = "--restart-wait";
    static final String RESTART_TIMEOUT = "--restart-timeout";

    private HealthCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(CommandTree.HEALTH);
        spec.usageMessage().description(
                "Check a Cloudflare Tunnel front door, as the runbook's health timer does: cloudflared's metrics,"
                        + " its edge connections, the local origin and the public URL.",
                "With --restart, a failed origin restarts the proxy, waits, then restarts the tunnel; a failed"
                        + " tunnel or public URL restarts the tunnel. Commands are split on spaces, run without a shell.",
                "Exit: 0 healthy, 3 a check failed (even if a restart then worked), 1 could not run, 2 bad usage.")
                .width(100);
        spec.addOption(CheckOptions.option(METRICS_URL, "URL", "cloudflared's Prometheus metrics.",
                "Default: " + FrontendHealthTargets.DEFAULT_METRICS_URL + "."));
        spec.addOption(CheckOptions.option(MIN_CONNECTIONS, "N", "Fewest edge connections"
                + " (cloudflared_tunnel_ha_connections) that count as healthy.",
                "Default: " + FrontendHealthTargets.DEFAULT_MIN_CONNECTIONS + "."));
        spec.addOption(CheckOptions.option(ORIGIN_URL, "URL", "The local origin the tunnel forwards to.",
                "Default: http://127.0.0.1:33240/identity (/identity on the listen address)."));
        spec.addOption(CheckOptions.option(CheckOptions.PUBLIC_URL, "URL", "The front door clients use, e.g."
                + " https://media.example.com; <URL>/identity must answer 2xx.",
                "Env: DOORMAN_PUBLIC_URL (public-url in the config file). None: the public check is skipped."));
        spec.addOption(CheckOptions.option(TIMEOUT, "DURATION", "Limit for each request.",
                "Default: " + GoDuration.format(FrontendHealthTargets.DEFAULT_TIMEOUT) + "."));
        spec.addOption(OptionSpec.builder(RESTART).arity("0").description("Run the restart commands the failures"
                + " call for (without it nothing is run).").build());
        spec.addOption(CheckOptions.option(RESTART_PROXY_CMD, "CMD", "Restarts the proxy (the origin).",
                "Default: " + FrontendRestarts.DEFAULT_PROXY.shown() + "."));
        spec.addOption(CheckOptions.option(RESTART_TUNNEL_CMD, "CMD", "Restarts cloudflared.",
                "Default: " + FrontendRestarts.DEFAULT_TUNNEL.shown() + "."));
        spec.addOption(CheckOptions.option(RESTART_WAIT, "DURATION", "Pause between the proxy's and the tunnel's"
                + " restart.", "Default: " + GoDuration.format(FrontendRestarts.DEFAULT_WAIT) + "."));
        spec.addOption(CheckOptions.option(RESTART_TIMEOUT, "DURATION", "Limit for each restart command.",
                "Default: " + GoDuration.format(FrontendRestarts.DEFAULT_LIMIT) + "."));
        CheckOptions.addJsonConfigAndHelp(spec);
        return spec;
    }

    static int run(ParseResult parsed, CommandLine command, CliContext cli) {
        if (parsed.isUsageHelpRequested()) {
            command.usage(cli.out());
            return 0;
        }
        String label = "doorman health: ";
        try {
            CheckOptions.Inputs in = CheckOptions.resolve(parsed, cli);
            FrontendHealthTargets targets = new FrontendHealthTargets(
                    value(parsed, METRICS_URL, FrontendHealthTargets::endpointUrl,
                            FrontendHealthTargets.DEFAULT_METRICS_URL),
                    value(parsed, MIN_CONNECTIONS, t -> ValueParsers.intInRange(t, 1, 1000),
                            FrontendHealthTargets.DEFAULT_MIN_CONNECTIONS),
                    value(parsed, ORIGIN_URL, FrontendHealthTargets::endpointUrl,
                            CheckOptions.localUrl(in.settings().listen()).resolve("/identity")),
                    in.settings().lockdown().publicUrl(),
                    value(parsed, TIMEOUT, ValueParsers::positiveDuration, FrontendHealthTargets.DEFAULT_TIMEOUT));
            FrontendRestarts restarts = new FrontendRestarts(
                    value(parsed, RESTART_PROXY_CMD, RestartCommand::parse, FrontendRestarts.DEFAULT_PROXY),
                    value(parsed, RESTART_TUNNEL_CMD, RestartCommand::parse, FrontendRestarts.DEFAULT_TUNNEL),
                    value(parsed, RESTART_WAIT, ValueParsers::nonNegativeDuration, FrontendRestarts.DEFAULT_WAIT),
                    value(parsed, RESTART_TIMEOUT, ValueParsers::positiveDuration, FrontendRestarts.DEFAULT_LIMIT),
                    parsed.hasMatchedOption(RESTART));
            CheckReport report = new CheckReport(CommandTree.HEALTH, FrontendHealth.run(targets, restarts));
            in.print(report, cli);
            return report.exitCode();
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        }
    }

    /** The flag's value through {@code parse}, or {@code fallback} when it was not given. */
    private static <T> T value(ParseResult parsed, String flag, Function<String, T> parse, T fallback)
            throws ConfigException {
        String text = parsed.matchedOptionValue(flag, null);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(flag + ": " + e.getMessage());
        }
    }
}
