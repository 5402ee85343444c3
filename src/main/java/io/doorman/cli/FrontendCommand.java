package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.config.AtomicFile;
import io.doorman.config.ConfigException;
import io.doorman.config.ConfigFile;
import io.doorman.config.HostPort;
import io.doorman.config.SettingsResolver;
import io.doorman.frontends.FrontendNotes;
import io.doorman.frontends.FrontendRenderers;
import io.doorman.frontends.FrontendRequest;
import io.doorman.frontends.HostTree;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.frontends.InvalidHostException;
import io.doorman.frontends.OutputKind;
import io.doorman.frontends.PlexHost;
import io.doorman.frontends.RenderedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code doorman frontend KIND}: the configuration for the frontend in front of Doorman (or the units and firewall
 * beside it), for hosts from {@code hosts.yaml} or one given by {@code --domain}. Standard output holds only the
 * configuration, the custom server access URL and the warnings in it as comments; they are repeated on stderr.
 */
final class FrontendCommand {

    static final String HOST = "--host";
    static final String DOMAIN = "--domain";
    static final String PORT = "--port";
    static final String LISTEN = "--listen";
    static final String TLS = "--tls";
    static final String TLS_CERT = "--tls-cert";
    static final String TLS_KEY = "--tls-key";
    static final String TUNNEL = "--tunnel";
    static final String CREDENTIALS = "--credentials-file";
    static final String FUNNEL = "--funnel";
    static final String OUT = "--out";


    private FrontendCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(CommandTree.FRONTEND);
        spec.usageMessage().description("Print (or with --out write) the configuration for the frontend in front of"
                + " Doorman, or the units and firewall beside it, with the custom server access URL and the"
                + " warnings that apply as comments.",
                "Kinds: " + String.join(", ", FrontendRenderers.ids())
                        + ".",
                "Exit: 0 done, 1 hosts.yaml or --out cannot be used (--apply: Caddy does not run Doorman's site),"
                        + " 2 bad usage.").width(100);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("KIND").arity("1").type(String.class)
                .description("What to generate.").build());
        spec.addOption(HostCommand.many(HOST, "NAME", "A host from hosts.yaml (repeat for more). Default: every"
                + " host there, unless --domain is given."));
        spec.addOption(HostCommand.many(DOMAIN, "DOMAIN", "Instead of hosts.yaml: one host with this public name"
                + " (repeat or comma-separate for more) and the recommended Plex Mode."));
        spec.addOption(CheckOptions.option(PORT, "PORT", "With --domain: the public HTTPS port.", "Default: 443."));
        spec.addOption(CheckOptions.option(LISTEN, "ADDR", "Where Doorman listens, the frontend's upstream.",
                "Default: the listen setting (127.0.0.1:33240)."));
        spec.addOption(CheckOptions.option(TLS, "internal", "Caddy's own CA (LAN-only names, tests)."));
        spec.addOption(CheckOptions.option(TLS_CERT, "FILE", "Certificate file, with --tls-key."));
        spec.addOption(CheckOptions.option(TLS_KEY, "FILE", "Private key file, with --tls-cert."));
        spec.addOption(CheckOptions.option(TUNNEL, "ID|NAME", "cloudflared: the named tunnel.",
                "Default: " + FrontendRequest.DEFAULT_TUNNEL + "."));
        spec.addOption(CheckOptions.option(CREDENTIALS, "FILE", "cloudflared: the tunnel's credentials JSON.",
                "Default: /etc/cloudflared/<tunnel>.json."));
        spec.addOption(HostCommand.flag(FUNNEL, "tailscale: publish to the internet with Funnel, not only to the"
                + " tailnet."));
        spec.addOption(CheckOptions.option(OUT, "DIR", "Write the files into DIR instead of printing them."));
        spec.addOption(HostCommand.flag(FrontendApply.APPLY, "caddy: merge the site for every host into the running"
                + " Caddy through its admin API (the user's other sites stay), check each name through Caddy, and"
                + " put the previous config back on any failure."));
        spec.addOption(CheckOptions.option(FrontendApply.CADDY_ADMIN, "URL", "caddy --apply: Caddy's admin API.",
                "Env: " + FrontendApply.ADMIN_ENV + ". Default: " + FrontendApply.DEFAULT_ADMIN + "."));
        spec.addOption(CheckOptions.option(HostCommand.DATA_DIR, "DIR", "Where hosts.yaml lives.",
                "Env: DOORMAN_DATA_DIR (data-dir in the config file)."));
        spec.addOption(CheckOptions.option(CommandTree.CONFIG_OPTION, "FILE", "YAML config file (the one serve reads).",
                "Env: " + ConfigFile.ENV + "."));
        spec.addOption(HostCommand.flag("--help", "Show this help and exit.").toBuilder().names("-h", "--help")
                .usageHelp(true).build());
        return spec;
    }

    static int run(ParseResult parsed, picocli.CommandLine command, CliContext cli) {
        if (parsed.isUsageHelpRequested()) {
            command.usage(cli.out());
            return 0;
        }
        String label = "doorman frontend: ";
        try {
            String kindText = parsed.matchedPositionalValue(0, "");
            OutputKind kind = OutputKind.find(kindText);
            if (kind == null || FrontendRenderers.of(kind) == null) {
                throw ConfigException.usage(kind == null ? "'" + (kindText.matches("[a-z]{1,20}") ? kindText : "?")
                        + "' is not a kind (" + OutputKind.ids() + ")" : kind.id() + " is not generated yet (kinds: "
                        + String.join(", ", FrontendRenderers.ids()) + ")");
            }
            boolean apply = parsed.hasMatchedOption(FrontendApply.APPLY);
            if (apply && kind != OutputKind.CADDY) {
                throw ConfigException.usage(FrontendApply.APPLY + " is for caddy only (a running Caddy's admin API)");
            }
            if (apply && (parsed.hasMatchedOption(OUT) || parsed.hasMatchedOption(HOST))) {
                throw ConfigException.usage(FrontendApply.APPLY + " applies the site for every host (Doorman's part"
                        + " of Caddy is replaced whole): leave out " + (parsed.hasMatchedOption(OUT) ? OUT : HOST));
            }
            if (!apply && parsed.hasMatchedOption(FrontendApply.CADDY_ADMIN)) {
                throw ConfigException.usage(FrontendApply.CADDY_ADMIN + " goes with " + FrontendApply.APPLY);
            }
            FrontendRequest request = request(parsed, cli);
            List<RenderedFile> files;
            try {
                files = FrontendRenderers.of(kind).render(request);
            } catch (IllegalArgumentException e) {
                throw ConfigException.usage(e instanceof InvalidHostException ih ? HostCommand.flagged(ih)
                        : e.getMessage());
            }
            if (apply) {
                return FrontendApply.apply(FrontendApply.admin(parsed.matchedOptionValue(FrontendApply.CADDY_ADMIN,
                        null), cli), files.get(0).text(), request, HostCommand.dataDir(parsed, cli), cli);
            }
            List<String> notes = FrontendNotes.of(request, kind);
            String header = "Generated by 'doorman frontend " + kind.id() + "' for " + String.join(", ",
                    request.hosts().stream().map(PlexHost::name).toList()) + ".";
            List<RenderedFile> withNotes = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                withNotes.add(i == 0 ? FrontendNotes.withNotes(files.get(i), header, notes) : files.get(i));
            }
            String outDir = parsed.matchedOptionValue(OUT, null);
            if (outDir != null) {
                Path dir = cli.cwd().resolve(outDir);
                for (RenderedFile f : withNotes) {
                    try {
                        AtomicFile.write(dir.resolve(f.name()), f.text().getBytes(StandardCharsets.UTF_8), "rw-r--r--");
                    } catch (IOException e) {
                        cli.err().println(label + "cannot write " + dir.resolve(f.name()) + ": " + e.getMessage());
                        return CheckReport.COULD_NOT_RUN;
                    }
                    cli.out().println("wrote " + dir.resolve(f.name()));
                }
            } else if (withNotes.size() == 1) {
                cli.out().print(withNotes.get(0).text());
            } else {
                for (RenderedFile f : withNotes) {
                    cli.out().print("# ==> " + f.name() + " <==\n" + f.text() + "\n");
                }
            }
            for (String n : notes) {
                cli.err().println(label + n);
            }
            return 0;
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        } catch (HostsFileException e) {
            cli.err().println(label + e.getMessage());
            return CheckReport.COULD_NOT_RUN;
        }
    }

    private static FrontendRequest request(ParseResult p, CliContext cli) throws ConfigException, HostsFileException {
        List<String> names = p.matchedOptionValue(HOST, List.<String>of());
        List<String> domains = HostCommand.split(p.matchedOptionValue(DOMAIN, List.<String>of()));
        List<PlexHost> hosts = new ArrayList<>();
        try {
            if (!domains.isEmpty()) {
                if (!names.isEmpty()) {
                    throw ConfigException.usage("give " + HOST + " or " + DOMAIN + ", not both");
                }
                String port = p.matchedOptionValue(PORT, null);
                PlexHost h = PlexHost.of(nameFor(domains.get(0)), domains, HostTree.upstream("http://127.0.0.1:32400"));
                if (port != null) {
                    if (!port.strip().matches("[0-9]{1,5}")) {
                        throw new InvalidHostException("port", "want a port number 1-65535");
                    }
                    h = new PlexHost(h.name(), h.domains(), Integer.parseInt(port.strip()), h.upstream(), false,
                            h.frontend(), h.plexMode());
                }
                hosts.add(h);
            } else {
                Hosts all = HostsFile.in(HostCommand.dataDir(p, cli)).load();
                if (names.isEmpty()) {
                    hosts.addAll(all.all());
                } else {
                    for (String n : names) {
                        hosts.add(all.named(n).orElseThrow(() -> ConfigException.usage("no host named '"
                                + (n.matches("[a-z0-9-]{1,63}") ? n : "?") + "' in hosts.yaml")));
                    }
                }
                if (hosts.isEmpty()) {
                    throw ConfigException.usage("no hosts in hosts.yaml: add one with 'doorman host add', or give "
                            + DOMAIN);
                }
            }
            return new FrontendRequest(hosts, listen(p, cli), tls(p), p.matchedOptionValue(TUNNEL, null),
                    p.matchedOptionValue(CREDENTIALS, null) == null ? null : Path.of(p.matchedOptionValue(CREDENTIALS,
                            "")), p.hasMatchedOption(FUNNEL));
        } catch (InvalidHostException e) {
            throw ConfigException.usage(HostCommand.flagged(e));
        }
    }

    /** A host name for a domain given on the command line: {@code media.example.com} is {@code media-example-com}. */
    static String nameFor(String domain) {
        String n = domain.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        n = n.length() > 63 ? n.substring(0, 63) : n;
        n = n.replaceAll("^-+|-+$", "");
        return n.isEmpty() ? "host" : n;
    }

    static HostPort listen(ParseResult p, CliContext cli) throws ConfigException {
        Map<String, String> flags = new HashMap<>();
        String listen = p.matchedOptionValue(LISTEN, null);
        if (listen != null) {
            flags.put("listen", listen);
        }
        ConfigFile file = ConfigFile.locate(p.matchedOptionValue(CommandTree.CONFIG_OPTION, null), cli.env(),
                cli.cwd());
        // A frontend on this machine reaches an all-interfaces Doorman over loopback.
        return SettingsResolver.resolve(flags, cli.env(), file).settings().listen().reachableLocally();
    }

    private static FrontendRequest.Tls tls(ParseResult p) throws ConfigException {
        String tls = p.matchedOptionValue(TLS, null);
        String cert = p.matchedOptionValue(TLS_CERT, null);
        String key = p.matchedOptionValue(TLS_KEY, null);
        if (tls != null) {
            if (!tls.equals("internal")) {
                throw ConfigException.usage(TLS + ": only 'internal' (Caddy's own CA)");
            }
            if (cert != null || key != null) {
                throw ConfigException.usage(TLS + " internal and " + TLS_CERT + "/" + TLS_KEY + " exclude each other");
            }
            return new FrontendRequest.Tls.Internal();
        }
        if ((cert == null) != (key == null)) {
            throw ConfigException.usage(TLS_CERT + " and " + TLS_KEY + " go together");
        }
        return cert == null ? new FrontendRequest.Tls.Automatic()
                : new FrontendRequest.Tls.Files(Path.of(cert), Path.of(key));
    }
}
