package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.checks.RestartCommand;
import io.doorman.config.ConfigException;
import io.doorman.config.ConfigFile;
import io.doorman.config.HostPort;
import io.doorman.config.Secret;
import io.doorman.config.ValueParsers;
import io.doorman.frontends.CloudflareApi;
import io.doorman.frontends.CloudflareApiException;
import io.doorman.frontends.CloudflareSettings;
import io.doorman.frontends.CloudflareTunnelReconciler;
import io.doorman.frontends.CloudflaredConfig;
import io.doorman.frontends.FrontendRequest;
import io.doorman.frontends.HostTree;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.frontends.InvalidHostException;
import io.doorman.frontends.PlexHost;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code doorman cloudflare ensure}: the runbook's tunnel reconciler, configured by its environment variables. It
 * prints one line per step (tunnel, credentials, config, each CNAME), restarts cloudflared when a local file changed,
 * and never prints the API token or the tunnel secret.
 */
final class CloudflareCommand {

    static final String ENSURE = "ensure";
    static final String API_BASE = "--api-base";
    static final String DIR = "--cloudflared-dir";
    static final String RESTART_CMD = "--restart-cmd";
    static final String NO_RESTART = "--no-restart";
    static final String DRY_RUN = "--dry-run";
    static final RestartCommand DEFAULT_RESTART = RestartCommand.parse("systemctl try-restart cloudflared-media.service");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(60);
    /** systemctl's status for a unit it does not know (LSB "not installed"). */
    private static final int UNIT_NOT_FOUND = 5;

    private CloudflareCommand() {
    }

    static CommandLine commandLine() {
        CommandSpec top = CommandSpec.create().name(CommandTree.CLOUDFLARE);
        top.usageMessage().description("Cloudflare Tunnel in front of Doorman.").width(100);
        top.addOption(help());
        CommandLine cl = new CommandLine(top);
        cl.addSubcommand(ENSURE, new CommandLine(ensure()));
        return cl;
    }

    private static CommandSpec ensure() {
        CommandSpec spec = CommandSpec.create().name(ENSURE);
        spec.usageMessage().description("Create or reuse the named tunnel, write its cloudflared config and"
                + " credentials (0600) here, and point each public name at it with a proxied CNAME. A second run"
                + " changes nothing and says so. Restarts cloudflared when a local file changed.",
                "Environment (as the runbook names it): " + CloudflareSettings.ACCOUNT_ID + ", "
                        + CloudflareSettings.API_TOKEN + " (Account > Cloudflare Tunnel > Edit, Zone > DNS > Edit, Zone > Zone > Read), "
                        + CloudflareSettings.ZONE_NAME + " (example.com), " + CloudflareSettings.HOSTNAME
                        + " (media.example.com; comma-separate for more), " + CloudflareSettings.TUNNEL_NAME
                        + " (default " + FrontendRequest.DEFAULT_TUNNEL + "; the config is <name>.yml).",
                "Exit: 0 done or nothing to change, 1 Cloudflare refused or could not be reached, a record is in"
                        + " the way, a file cannot be written or the restart failed, 2 bad usage or a missing variable.")
                .width(100);
        spec.addOption(CheckOptions.option(API_BASE, "URL", "The Cloudflare API.", "Default: "
                + CloudflareApi.DEFAULT_BASE + "."));
        spec.addOption(CheckOptions.option(DIR, "DIR", "Where cloudflared's config and credentials go.",
                "Default: " + CloudflaredConfig.DEFAULT_DIR + "."));
        spec.addOption(CheckOptions.option(FrontendCommand.LISTEN, "ADDR", "Where Doorman listens, the tunnel's"
                + " origin.", "Default: the listen setting (127.0.0.1:33240)."));
        spec.addOption(CheckOptions.option(RESTART_CMD, "CMD", "Restarts cloudflared after a local file changed"
                + " (split on spaces, run without a shell).", "Default: " + DEFAULT_RESTART.shown() + "."));
        spec.addOption(HostCommand.flag(NO_RESTART, "Do not restart cloudflared."));
        spec.addOption(HostCommand.flag(DRY_RUN, "Only say what would change; change nothing, here or at"
                + " Cloudflare."));
        spec.addOption(CheckOptions.option(HostCommand.DATA_DIR, "DIR", "Where hosts.yaml lives (a host with the"
                + " public name lends its Plex Mode to the tunnel's rule).",
                "Env: DOORMAN_DATA_DIR (data-dir in the config file)."));
        spec.addOption(CheckOptions.option(CommandTree.CONFIG_OPTION, "FILE", "YAML config file (the one serve reads).",
                "Env: " + ConfigFile.ENV + "."));
        spec.addOption(help());
        return spec;
    }

    static int run(ParseResult parsed, CommandLine command, CliContext cli) {
        return Subcommands.dispatch(parsed, command, cli, "ensure", sub -> ensure(sub, cli));
    }

    private static int ensure(ParseResult sub, CliContext cli) {
        String label = "doorman cloudflare ensure: ";
        CloudflareSettings settings;
        CloudflareApi api;
        FrontendRequest ingress;
        try {
            settings = CloudflareSettings.fromEnv(cli.env());
            api = new CloudflareApi(apiBase(sub), settings.apiToken(), CALL_TIMEOUT);
            ingress = ingress(settings, sub, cli);
        } catch (InvalidHostException e) {
            cli.err().println(label + e.getMessage());
            return CheckReport.USAGE;
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        } catch (HostsFileException e) {
            cli.err().println(label + e.getMessage());
            return CheckReport.COULD_NOT_RUN;
        }
        boolean dryRun = sub.hasMatchedOption(DRY_RUN);
        Path dir = cli.cwd().resolve(sub.matchedOptionValue(DIR, CloudflaredConfig.DEFAULT_DIR.toString()));
        CloudflareTunnelReconciler.Report report;
        try {
            report = new CloudflareTunnelReconciler(api, dir).ensure(settings, ingress, dryRun);
        } catch (CloudflareApiException e) {
            cli.err().println(label + redact(e.getMessage(), settings.apiToken()));
            return CheckReport.COULD_NOT_RUN;
        } catch (IOException e) {
            cli.err().println(label + "cannot write in " + dir + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return CheckReport.COULD_NOT_RUN;
        }
        if (dryRun) {
            cli.out().println("dry run: nothing is changed");
        }
        for (CloudflareTunnelReconciler.Step step : report.steps()) {
            cli.out().println(step.line(dryRun));
        }
        int exit = report.refused() ? CheckReport.COULD_NOT_RUN : 0;
        if (report.localFilesChanged() && !dryRun) {
            exit = Math.max(exit, restart(sub, cli, label));
        }
        if (!report.changed()) {
            cli.out().println(report.refused() ? "nothing changed" : "nothing to change");
        }
        return exit;
    }

    private static int restart(ParseResult sub, CliContext cli, String label) {
        if (sub.hasMatchedOption(NO_RESTART)) {
            cli.out().println("cloudflared: not restarted (" + NO_RESTART + "); restart it to use the new files");
            return 0;
        }
        RestartCommand cmd;
        try {
            cmd = RestartCommand.parse(sub.matchedOptionValue(RESTART_CMD, DEFAULT_RESTART.shown()));
        } catch (IllegalArgumentException e) {
            cli.err().println(label + RESTART_CMD + ": " + e.getMessage());
            return CheckReport.USAGE;
        }
        RestartCommand.Outcome outcome = cmd.run(RESTART_LIMIT);
        switch (outcome) {
            case RestartCommand.Outcome.Exited(int status, String last) when status == 0 -> {
                cli.out().println("cloudflared: " + cmd.shown() + " done");
                return 0;
            }
            case RestartCommand.Outcome.Exited(int status, String last) when status == UNIT_NOT_FOUND
                    || last.contains("not found") || last.contains("not loaded") -> {
                cli.out().println("cloudflared: no unit to restart (" + cmd.shown() + ": " + (last.isEmpty()
                        ? "exit " + status : last) + "); 'doorman frontend systemd' writes cloudflared-media.service");
                return 0;
            }
            case RestartCommand.Outcome.NotStarted(String why) -> {
                cli.out().println("cloudflared: not restarted (" + why + "); restart it to use the new files");
                return 0;
            }
            case RestartCommand.Outcome.Exited(int status, String last) -> {
                cli.err().println(label + cmd.shown() + " failed (exit " + status + (last.isEmpty() ? "" : ": "
                        + last) + ")");
                return CheckReport.COULD_NOT_RUN;
            }
            case RestartCommand.Outcome.TimedOut(Duration limit, String last) -> {
                cli.err().println(label + cmd.shown() + " did not finish within " + limit.toSeconds() + "s");
                return CheckReport.COULD_NOT_RUN;
            }
        }
    }

    private static URI apiBase(ParseResult sub) throws ConfigException {
        String text = sub.matchedOptionValue(API_BASE, CloudflareApi.DEFAULT_BASE.toString()).strip();
        try {
            return ValueParsers.httpUrl(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(API_BASE + ": want an https:// URL such as " + CloudflareApi.DEFAULT_BASE);
        }
    }

    /** One rule per public name, with the Plex Mode of the host in hosts.yaml that serves it, if any. */
    private static FrontendRequest ingress(CloudflareSettings settings, ParseResult sub, CliContext cli)
            throws ConfigException, HostsFileException {
        Hosts known = HostsFile.in(HostCommand.dataDir(sub, cli)).load();
        List<PlexHost> hosts = new ArrayList<>();
        for (String name : settings.hostnames()) {
            PlexHost host = known.all().stream().filter(h -> h.domains().contains(name)).findFirst()
                    .map(h -> new PlexHost(h.name(), List.of(name), h.port(), h.upstream(), h.upstreamSkipVerify(),
                            h.frontend(), h.plexMode()))
                    .orElseGet(() -> PlexHost.of(FrontendCommand.nameFor(name), List.of(name),
                            HostTree.upstream("http://127.0.0.1:32400")));
            hosts.add(host);
        }
        HostPort listen = FrontendCommand.listen(sub, cli);
        return new FrontendRequest(hosts, listen, new FrontendRequest.Tls.Automatic(), settings.tunnelName(), null,
                false);
    }

    private static String redact(String text, Secret token) {
        return token.isEmpty() ? text : text.replace(token.reveal(), "(token)");
    }

    private static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build();
    }
}
