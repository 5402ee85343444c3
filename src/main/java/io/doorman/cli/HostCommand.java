package io.doorman.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.doorman.checks.CheckReport;
import io.doorman.config.ConfigException;
import io.doorman.config.ConfigFile;
import io.doorman.config.SettingsResolver;
import io.doorman.frontends.FrontendKind;
import io.doorman.frontends.HostTree;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.frontends.InvalidHostException;
import io.doorman.frontends.PlexHost;
import io.doorman.frontends.PlexMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code doorman host add|list|show|remove}: the Plex Mode hosts in {@code hosts.yaml} under the data directory,
 * the same file {@code serve} routes by and the console edits.
 */
final class HostCommand {

    static final String ADD = "add";
    static final String LIST = "list";
    static final String SHOW = "show";
    static final String REMOVE = "remove";

    static final String DATA_DIR = "--data-dir";
    static final String DOMAIN = "--domain";
    static final String UPSTREAM = "--upstream";
    static final String PORT = "--port";
    static final String SKIP_VERIFY = "--upstream-skip-verify";
    static final String FRONTEND = "--frontend";
    static final String LIVE_TV = "--live-tv";
    static final String LAN_ALIAS = "--lan-alias";
    static final String HOST_GUARD = "--public-host-guard";
    static final String NO_FORWARD = "--no-forward-client-ip";
    static final String NO_WEBSOCKETS = "--no-websockets";
    static final String REPLACE = "--replace";
    static final String JSON = "--json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Which flag sets which host field, so a field's error names the flag the user typed. */
    private static final Map<String, String> FLAG_OF_FIELD = Map.of("name", "NAME", "domains", DOMAIN, "port", PORT,
            "upstream", UPSTREAM, "upstreamSkipVerify", SKIP_VERIFY, "frontend", FRONTEND, "lanAliases", LAN_ALIAS);

    private HostCommand() {
    }

    static CommandLine commandLine() {
        CommandSpec host = CommandSpec.create().name(CommandTree.HOST);
        host.usageMessage().description("Manage the Plex Mode hosts (hosts.yaml in the data directory): each routes"
                + " its public names to one PMS.").width(100);
        host.addOption(help());
        CommandLine cl = new CommandLine(host);
        cl.addSubcommand(ADD, new CommandLine(add()));
        cl.addSubcommand(LIST, new CommandLine(sub(LIST, "List the hosts.", false, true)));
        cl.addSubcommand(SHOW, new CommandLine(sub(SHOW, "Show one host, with its custom server access URL.", true,
                true)));
        cl.addSubcommand(REMOVE, new CommandLine(sub(REMOVE, "Remove a host.", true, false)));
        return cl;
    }

    private static CommandSpec add() {
        CommandSpec spec = sub(ADD, "Add a host (or with --replace, put it in place of the one of that name).", true,
                false);
        spec.addOption(many(DOMAIN, "DOMAIN", "A public name clients use (repeat, or comma-separate, for more);"
                + " the first goes in the custom server access URL. Required."));
        spec.addOption(CheckOptions.option(UPSTREAM, "URL", "The PMS this host routes to, http:// or https://."
                + " Required."));
        spec.addOption(CheckOptions.option(PORT, "PORT", "The public HTTPS port.", "Default: 443."));
        spec.addOption(flag(SKIP_VERIFY, "Accept any certificate from an https upstream (PMS's own plex.direct"
                + " one)."));
        spec.addOption(CheckOptions.option(FRONTEND, "KIND", "What stands in front of Doorman: "
                + FrontendKind.ids() + ".", "Default: caddy."));
        spec.addOption(flag(LIVE_TV, "Give this server's shared users Live TV with the owner's token."));
        spec.addOption(many(LAN_ALIAS, "NAME", "An extra LAN-only name, like plex.home (repeat for more)."));
        spec.addOption(flag(HOST_GUARD, "Answer 404 to public clients asking the frontend for any other name"
                + " (for a frontend reachable from LAN and WAN)."));
        spec.addOption(flag(NO_FORWARD, "Do not forward the client's address (remote streams then count as"
                + " Local and skip remote bandwidth limits)."));
        spec.addOption(flag(NO_WEBSOCKETS, "Do not pass WebSocket upgrades."));
        spec.addOption(flag(REPLACE, "Replace the host of the same name."));
        return spec;
    }

    private static CommandSpec sub(String name, String description, boolean takesName, boolean json) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description,
                "Exit: 0 done, 1 hosts.yaml cannot be read or written, 2 bad usage or no such host.").width(100);
        if (takesName) {
            spec.addPositional(PositionalParamSpec.builder().paramLabel("NAME").arity("1").type(String.class)
                    .description("The host's name: lower-case letters, digits and '-'.").build());
        }
        spec.addOption(CheckOptions.option(DATA_DIR, "DIR", "Where hosts.yaml lives (the data directory serve uses).",
                "Env: DOORMAN_DATA_DIR (data-dir in the config file). Default: $XDG_DATA_HOME/doorman or"
                        + " ~/.local/share/doorman."));
        if (json) {
            spec.addOption(flag(JSON, "Print JSON instead of text."));
        }
        spec.addOption(CheckOptions.option(CommandTree.CONFIG_OPTION, "FILE", "YAML config file (the one serve reads).",
                "Env: " + ConfigFile.ENV + ". Default: " + ConfigFile.DEFAULT_NAME + " in the working directory, if"
                        + " it exists."));
        spec.addOption(help());
        return spec;
    }

    static int run(ParseResult parsed, CommandLine host, CliContext cli) {
        return Subcommands.dispatch(parsed, host, cli, "add, list, show or remove", sub -> run(sub, cli));
    }

    private static int run(ParseResult sub, CliContext cli) {
        String name = sub.commandSpec().name();
        String label = "doorman host " + name + ": ";
        try {
            HostsFile file = HostsFile.in(dataDir(sub, cli));
            return switch (name) {
                case ADD -> add(sub, file, cli);
                case LIST -> list(sub, file, cli);
                case SHOW -> show(sub, file, cli);
                default -> remove(sub, file, cli);
            };
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        } catch (HostsFileException e) {
            cli.err().println(label + e.getMessage());
            return CheckReport.COULD_NOT_RUN;
        }
    }

    private static int add(ParseResult sub, HostsFile file, CliContext cli) throws ConfigException,
            HostsFileException {
        PlexHost host = hostFrom(sub);
        Hosts hosts = file.load();
        boolean exists = hosts.named(host.name()).isPresent();
        if (exists && !sub.hasMatchedOption(REPLACE)) {
            throw ConfigException.usage("host '" + host.name() + "' exists (add " + REPLACE + " to replace it)");
        }
        try {
            hosts = hosts.with(host);
        } catch (InvalidHostException e) {
            throw ConfigException.usage(flagged(e));
        }
        file.save(hosts);
        cli.out().println((exists ? "replaced" : "added") + " host " + host.name() + " (" + String.join(", ",
                host.domains()) + " -> " + host.upstream() + ") in " + file.path());
        cli.out().println("Plex → Settings → Network → Custom server access URLs: " + host.customUrl());
        return 0;
    }

    private static int list(ParseResult sub, HostsFile file, CliContext cli) throws HostsFileException {
        Hosts hosts = file.load();
        if (sub.hasMatchedOption(JSON)) {
            ArrayNode a = MAPPER.createArrayNode();
            hosts.all().forEach(h -> a.add(HostTree.toTree(h)));
            cli.out().println(a.toString());
            return 0;
        }
        if (hosts.isEmpty()) {
            cli.out().println("no hosts in " + file.path() + " (add one with 'doorman host add')");
            return 0;
        }
        int width = hosts.all().stream().mapToInt(h -> h.name().length()).max().orElse(4);
        for (PlexHost h : hosts.all()) {
            cli.out().println(String.format("%-" + width + "s  %s -> %s  (%s%s)", h.name(), String.join(",",
                    h.domains()), h.upstream(), h.frontend().id(), h.plexMode().liveTv() ? ", live tv" : ""));
        }
        return 0;
    }

    private static int show(ParseResult sub, HostsFile file, CliContext cli) throws ConfigException,
            HostsFileException {
        PlexHost h = named(sub, file.load());
        if (sub.hasMatchedOption(JSON)) {
            cli.out().println(HostTree.toTree(h).toString());
            return 0;
        }
        PlexMode m = h.plexMode();
        cli.out().println("name:        " + h.name());
        cli.out().println("domains:     " + String.join(", ", h.domains()));
        cli.out().println("port:        " + h.port());
        cli.out().println("upstream:    " + h.upstream() + (h.upstreamSkipVerify() ? " (certificate not verified)" : ""));
        cli.out().println("frontend:    " + h.frontend().id());
        cli.out().println("plex mode:   forward client IP " + onOff(m.forwardClientIp()) + ", WebSockets "
                + onOff(m.webSockets()) + ", Live TV for shared users " + onOff(m.liveTv()) + ", public Host guard "
                + onOff(m.publicHostGuard()));
        cli.out().println("lan aliases: " + (m.lanAliases().isEmpty() ? "none" : String.join(", ", m.lanAliases())));
        cli.out().println("custom URL:  " + h.customUrl());
        return 0;
    }

    private static int remove(ParseResult sub, HostsFile file, CliContext cli) throws ConfigException,
            HostsFileException {
        Hosts hosts = file.load();
        PlexHost h = named(sub, hosts);
        file.save(hosts.without(h.name()));
        cli.out().println("removed host " + h.name() + " from " + file.path());
        return 0;
    }

    private static PlexHost named(ParseResult sub, Hosts hosts) throws ConfigException {
        String name = sub.matchedPositionalValue(0, "");
        String shown = name.matches("[a-z0-9-]{1,63}") ? "named '" + name + "'" : "by that name";
        return hosts.named(name).orElseThrow(() -> ConfigException.usage("no host " + shown + " (" + (hosts.isEmpty()
                ? "there are none" : "there are " + String.join(", ", hosts.all().stream().map(PlexHost::name)
                .toList())) + ")"));
    }

    private static PlexHost hostFrom(ParseResult sub) throws ConfigException {
        try {
            List<String> domains = split(sub.matchedOptionValue(DOMAIN, List.<String>of()));
            if (domains.isEmpty()) {
                throw ConfigException.usage(DOMAIN + " is required (the public name, like media.example.com)");
            }
            String upstream = sub.matchedOptionValue(UPSTREAM, null);
            if (upstream == null) {
                throw ConfigException.usage(UPSTREAM + " is required (the PMS URL, like http://127.0.0.1:32400)");
            }
            String port = sub.matchedOptionValue(PORT, null);
            String kind = sub.matchedOptionValue(FRONTEND, null);
            PlexMode mode = new PlexMode(!sub.hasMatchedOption(NO_FORWARD), !sub.hasMatchedOption(NO_WEBSOCKETS),
                    sub.hasMatchedOption(LIVE_TV), split(sub.matchedOptionValue(LAN_ALIAS, List.<String>of())),
                    sub.hasMatchedOption(HOST_GUARD));
            return new PlexHost(sub.matchedPositionalValue(0, ""), domains, port == null ? PlexHost.DEFAULT_PORT
                    : port(port), HostTree.upstream(upstream), sub.hasMatchedOption(SKIP_VERIFY),
                    kind == null ? FrontendKind.CADDY : FrontendKind.parse(kind), mode);
        } catch (InvalidHostException e) {
            throw ConfigException.usage(flagged(e));
        }
    }

    private static int port(String text) {
        if (!text.strip().matches("[0-9]{1,5}")) {
            throw new InvalidHostException("port", "want a port number 1-65535");
        }
        return Integer.parseInt(text.strip());
    }

    /** The error with its field named as the flag that set it. */
    static String flagged(InvalidHostException e) {
        String flag = FLAG_OF_FIELD.get(e.field());
        String message = e.getMessage();
        return flag == null ? message : flag + message.substring(e.field().length());
    }

    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    static Path dataDir(ParseResult sub, CliContext cli) throws ConfigException {
        Map<String, String> flags = new java.util.HashMap<>();
        String dir = sub.matchedOptionValue(DATA_DIR, null);
        if (dir != null) {
            flags.put("data-dir", dir);
        }
        ConfigFile file = ConfigFile.locate(sub.matchedOptionValue(CommandTree.CONFIG_OPTION, null), cli.env(),
                cli.cwd());
        return cli.cwd().resolve(SettingsResolver.resolve(flags, cli.env(), file).settings().dataDir());
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).arity("0").description(description).build();
    }

    static OptionSpec many(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class).arity("1")
                .description(description).build();
    }

    private static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build();
    }
}
