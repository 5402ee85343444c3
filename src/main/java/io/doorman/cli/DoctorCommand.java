package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.checks.Doctor;
import io.doorman.checks.DoctorContext;
import io.doorman.checks.DoctorHttp;
import io.doorman.checks.DoctorInputs;
import io.doorman.config.ConfigException;
import io.doorman.config.Settings;
import io.doorman.config.ValueParsers;
import io.doorman.plex.PmsClient;
import io.doorman.prefs.PrefsPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** {@code doorman doctor}: says what is wrong with this setup, each finding with a one-line fix. */
final class DoctorCommand {

    static final String ADMIN_URL = "--admin-url";
    static final String PLEXTV_URL = "--plextv-url";
    static final String CA_FILE = "--ca-file";
    static final URI DEFAULT_PLEXTV = URI.create("https://plex.tv");

    private DoctorCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(CommandTree.DOCTOR);
        spec.usageMessage().description("Say what is wrong with this setup, each finding with a one-line fix:"
                        + " PMS and the owner token, the preference policy, Local vs Remote, current sessions, the"
                        + " public URL, ports open on this machine's own addresses and what plex.tv advertises.",
                "Exit: 0 no check failed, 3 a check failed, 1 could not run (PMS unreachable, no usable owner"
                        + " token), 2 bad usage.").width(100);
        CheckOptions.addCommon(spec);
        spec.addOption(CheckOptions.option(ADMIN_URL, "URL", "A running 'doorman serve''s admin listener, for the"
                + " clients it has seen.", "Default: the admin-listen setting as an http:// URL"
                + " (http://127.0.0.1:33241)."));
        spec.addOption(CheckOptions.option(PLEXTV_URL, "URL", "plex.tv's base URL.", "Default: " + DEFAULT_PLEXTV + "."));
        spec.addOption(CheckOptions.option(CA_FILE, "PATH", "CA certificates (PEM) trusted for the public URL besides"
                + " the system's, for a frontend with a private CA."));
        return spec;
    }

    static int run(ParseResult parsed, CommandLine command, CliContext cli) {
        if (parsed.isUsageHelpRequested()) {
            command.usage(cli.out());
            return 0;
        }
        String label = "doorman doctor: ";
        try {
            URI adminFlag = url(parsed, ADMIN_URL);
            URI plexTvFlag = url(parsed, PLEXTV_URL);
            Path caFile = caFile(parsed);
            CheckOptions.Inputs in = CheckOptions.resolve(parsed, cli);
            Settings s = in.settings();
            try {
                PrefsPolicy.forSettings(s.lockdown());
            } catch (IllegalArgumentException e) {
                throw ConfigException.usage(e.getMessage());
            }
            DoctorInputs inputs = new DoctorInputs(s.upstream(), in.ownerToken(), s.lockdown(), s.listen(),
                    s.trustedProxies(), s.lanNetworks(), adminFlag != null ? adminFlag : CheckOptions.localUrl(s.adminListen()),
                    plexTvFlag != null ? plexTvFlag : DEFAULT_PLEXTV, caFile, PrefsCommand.CALL_TIMEOUT);
            DoctorContext ctx = new DoctorContext(inputs, PmsClient.forSettings(s), new DoctorHttp(inputs.timeout()));
            CheckReport report = new CheckReport("doctor", Doctor.standard().run(ctx));
            in.print(report, cli);
            if (ctx.stopReason() != null) {
                cli.err().println(label + "could not run: " + ctx.stopReason() + " (see pms.* above)");
                return CheckReport.COULD_NOT_RUN;
            }
            return report.exitCode();
        } catch (ConfigException e) {
            cli.err().println(label + e.getMessage());
            return e.exitCode();
        } catch (GeneralSecurityException | IOException e) {
            cli.err().println(label + "cannot set up TLS for PMS: " + e.getClass().getSimpleName());
            return CheckReport.COULD_NOT_RUN;
        }
    }

    private static URI url(ParseResult parsed, String flag) throws ConfigException {
        String text = parsed.matchedOptionValue(flag, null);
        if (text == null) {
            return null;
        }
        try {
            return ValueParsers.upstreamUrl(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(flag + ": " + e.getMessage());
        }
    }

    private static Path caFile(ParseResult parsed) throws ConfigException {
        String text = parsed.matchedOptionValue(CA_FILE, null);
        if (text == null) {
            return null;
        }
        Path p = Path.of(text);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw ConfigException.usage(CA_FILE + ": cannot read " + text);
        }
        return p;
    }
}
