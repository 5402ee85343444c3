package io.doorman.cli;

import io.doorman.checks.CheckReport;
import io.doorman.config.AtomicFile;
import io.doorman.config.ConfigException;
import io.doorman.config.ValueParsers;
import io.doorman.frontends.CaddyApply;
import io.doorman.frontends.CaddyApplyResult;
import io.doorman.frontends.CaddyApplyResult.Outcome;
import io.doorman.frontends.FrontendRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code doorman frontend caddy --apply}: Doorman's generated site merged into the Caddy running at the admin
 * endpoint, beside the user's own sites, and what that did, line by line. Exit 0 when the site runs and Doorman
 * answered through Caddy for every name, 1 otherwise (with Caddy on its previous config unless it says so).
 */
final class FrontendApply {

    static final String APPLY = "--apply";
    static final String CADDY_ADMIN = "--caddy-admin";
    static final String ADMIN_ENV = "DOORMAN_CADDY_ADMIN";
    static final String DEFAULT_ADMIN = "http://127.0.0.1:2019";
    private static final String LABEL = "caddy: ";

    private FrontendApply() {
    }

    /** The admin endpoint: {@code --caddy-admin}, else {@value #ADMIN_ENV}, else {@value #DEFAULT_ADMIN}. */
    static URI admin(String flag, CliContext cli) throws ConfigException {
        String text = flag != null ? flag : cli.env().getOrDefault(ADMIN_ENV, DEFAULT_ADMIN);
        String source = flag != null ? CADDY_ADMIN : ADMIN_ENV;
        try {
            return ValueParsers.httpUrl(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(source + ": want the admin API's http:// URL, e.g. " + DEFAULT_ADMIN);
        }
    }

    static int apply(URI admin, String caddyfile, FrontendRequest request, Path dataDir, CliContext cli) {
        cli.out().println(LABEL + "applying Doorman's site to the Caddy at " + admin);
        CaddyApplyResult r;
        try {
            r = CaddyApply.apply(admin, caddyfile, CaddyApply.Site.of(request.hosts()));
        } catch (IllegalArgumentException e) {
            cli.err().println(LABEL + e.getMessage());
            return ConfigException.USAGE;
        }
        r.changes().forEach(c -> cli.out().println("  " + c));
        for (CaddyApplyResult.Probe p : r.probes()) {
            cli.out().println("  " + p.domain() + " via " + p.address() + ": " + p.detail());
        }
        r.warnings().forEach(w -> cli.err().println(LABEL + "warning: " + w));
        switch (r.outcome()) {
            case Outcome.Applied a -> cli.out().println(LABEL + (r.ok() ? "applied; Caddy's other sites were left"
                    + " as they were" : "applied, but Doorman did not answer for every name"));
            case Outcome.Unchanged u -> cli.out().println(LABEL + "no changes: Caddy already runs this site"
                    + (r.ok() ? "" : ", but Doorman did not answer for every name"));
            case Outcome.RolledBack b -> cli.err().println(LABEL + "rolled back: " + b.reason()
                    + "; Caddy runs the config it had before");
            case Outcome.Refused f -> cli.err().println(LABEL + "nothing changed: " + f.reason());
            case Outcome.RollbackFailed f -> rollbackFailed(f, admin, dataDir, cli);
        }
        r.notes().forEach(n -> cli.err().println("note: " + n));
        return r.ok() ? 0 : CheckReport.COULD_NOT_RUN;
    }

    /** Caddy took neither config back: keep the one that worked where a person finds it, and say how to load it. */
    private static void rollbackFailed(Outcome.RollbackFailed f, URI admin, Path dataDir, CliContext cli) {
        cli.err().println(LABEL + "ROLLBACK FAILED: " + f.reason() + "; then " + f.rollbackError());
        Path saved = dataDir.resolve("caddy-before-apply-" + Instant.now().getEpochSecond() + ".json");
        try {
            AtomicFile.write(saved, f.previousConfig().getBytes(StandardCharsets.UTF_8), "rw-------");
            cli.err().println(LABEL + "the config Caddy ran before is in " + saved + "; put it back with: curl -X POST"
                    + " -H 'Content-Type: application/json' --data-binary @" + saved + " " + admin + "/load");
        } catch (IOException e) {
            cli.err().println(LABEL + "and it could not be saved to " + saved + ": " + e.getMessage());
        }
    }
}
