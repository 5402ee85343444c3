package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.checks.CouldNotRun;
import io.doorman.checks.Validator;
import io.doorman.config.ConfigException;
import io.doorman.config.Settings;
import io.doorman.config.ValueParsers;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code doorman validate}: the runbook's validation script as a command — fake and missing tokens get neither
 * libraries nor Live TV through the proxy, the owner gets both, a shared user gets Live TV but keeps their own
 * libraries (and direct PMS still hides Live TV from them), and a WebSocket upgrade passes. The checks are
 * {@link Validator}'s.
 */
final class ValidateCommand {

    static final String PROXY_URL = "--proxy-url";
    static final String USER_TOKEN = "--user-token";
    static final String USER_TOKEN_ENV = "DOORMAN_USER_TOKEN";
    /** Each request; a person is waiting. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private ValidateCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(CommandTree.VALIDATE);
        spec.usageMessage().description(
                "Prove the front door: fake and missing tokens get neither /library/sections nor Live TV through the"
                        + " proxy, the owner token gets both, a shared user's token gets Live TV but only their own"
                        + " libraries (direct PMS still hiding Live TV from them), and a WebSocket upgrade"
                        + " to /:/websockets/notifications passes.",
                "Exit: 0 all passed (warnings allowed), 3 a check failed, 1 the proxy unreachable or the owner token"
                        + " refused, 2 bad usage.").width(100);
        spec.addOption(CheckOptions.option(PROXY_URL, "URL|PORT", "The proxy to validate through: the public URL,"
                + " or a port meaning http://127.0.0.1:PORT.", "Default: the public URL when set, else"
                + " http://127.0.0.1:33240 (the listen address)."));
        spec.addOption(CheckOptions.option(USER_TOKEN, "TOKEN", "A shared, non-Home user's Plex token, for the user"
                + " checks (prefer the env).", "Env: " + USER_TOKEN_ENV + ". Without it the user checks are skipped."));
        CheckOptions.addCommon(spec);
        return spec;
    }

    static int run(ParseResult parsed, CommandLine command, CliContext cli) {
        if (parsed.isUsageHelpRequested()) {
            command.usage(cli.out());
            return 0;
        }
        String label = "doorman validate: ";
        try {
            CheckOptions.Inputs in = CheckOptions.resolve(parsed, cli);
            Settings s = in.settings();
            URI proxy = proxyUrl(parsed.matchedOptionValue(PROXY_URL, null), s);
            if (in.ownerToken().isEmpty()) {
                throw ConfigException.unusable("needs the owner token (DOORMAN_OWNER_TOKEN, --owner-token, or the"
                        + " runbook's IPTV_TUNERR_PMS_OWNER_TOKEN / PLEX_OWNER_TOKEN)");
            }
            String user = parsed.matchedOptionValue(USER_TOKEN, null);
            if (user == null || user.isBlank()) {
                user = cli.env().get(USER_TOKEN_ENV);
            }
            user = user == null || user.isBlank() ? null : user.trim();
            var inputs = new Validator.Inputs(proxy, in.ownerToken().reveal(), user, s.upstream());
            CheckReport report = new CheckReport("validate", new Validator(null, CALL_TIMEOUT).run(inputs));
            in.print(report, cli);
            return report.exitCode();
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        } catch (CouldNotRun e) {
            cli.err().println(label + e.getMessage());
            return CheckReport.COULD_NOT_RUN;
        }
    }

    /** The flag's URL, or its bare port on 127.0.0.1; without it the public URL, else the default proxy port. */
    static URI proxyUrl(String flag, Settings s) throws ConfigException {
        if (flag == null) {
            URI pub = s.lockdown().publicUrl();
            return pub != null ? pub : CheckOptions.localUrl(s.listen());
        }
        String text = flag.trim();
        if (text.matches("\\d{1,9}")) {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw ConfigException.usage(PROXY_URL + ": port " + port + " is out of range 1-65535");
            }
            return URI.create("http://127.0.0.1:" + port);
        }
        try {
            return ValueParsers.upstreamUrl(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(PROXY_URL + ": " + e.getMessage()
                    + " (want a URL like https://media.example.com, or a port number)");
        }
    }
}
