package io.doorman.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves the {@code plex-label-proxy} command line and its environment fallbacks (flag, then each
 * variable in {@link PlexLabelProxyFlags} order) on top of Doorman's own resolved settings.
 */
public final class PlexLabelProxyResolver {

    /**
     * The outcome.
     *
     * @param settings everything, Live TV included
     */
    public record Result(Settings settings) {
    }

    /** A value and the flag or variable it came from. */
    private record Source(String text, String label) {
    }

    private final Map<String, GivenFlag> flags;
    private final Map<String, String> env;

    private PlexLabelProxyResolver(Map<String, GivenFlag> flags, Map<String, String> env) {
        this.flags = flags;
        this.env = env;
    }

    /**
     * @param flags parsed flags keyed by canonical name
     * @param env   the process environment; blank values count as unset
     * @param base  Doorman's settings from DOORMAN_* variables, config file and defaults
     * @throws ConfigException exit 2 naming the flag or variable for a malformed value; exit 1 naming what
     *                         is missing for a missing PMS URL or token
     */
    public static Result resolve(Map<String, GivenFlag> flags, Map<String, String> env, ResolvedSettings base)
            throws ConfigException {
        return new PlexLabelProxyResolver(flags, env).resolve(base);
    }

    private Result resolve(ResolvedSettings base) throws ConfigException {
        Settings.Builder b = base.settings().toBuilder();
        Source listen = pick("listen", true);
        if (listen != null) {
            b.listen(parse(listen, ValueParsers::hostPort));
        }
        b.upstream(upstream(base));
        Source token = pick("token", true);
        if (token == null) {
            throw ConfigException.unusable("missing PMS token: set -token, IPTV_TUNERR_PMS_TOKEN or PLEX_TOKEN");
        }
        Source owner = pick("owner-token", true);
        LiveTvSettings d = LiveTvSettings.disabled();
        GivenFlag strip = flags.get("strip-prefix");
        b.liveTv(new LiveTvSettings(
                new Secret(token.text()),
                new Secret(owner != null ? owner.text() : token.text()),
                strip != null ? strip.value() : d.stripPrefix(),
                orDefault(intValue("refresh-seconds", d.refreshSeconds()), d.refreshSeconds()),
                bool("spoof-identity"),
                true, // the Go tool always relabels providers: it is what "label proxy" means
                bool("elevate-live-tv"),
                bool("elevate-all"),
                bool("elevate-discovery-only"),
                bool("user-header"),
                bool("neutralize-owner-history"),
                orDefault(intValue("abuse-block-threshold", d.abuseBlockThreshold()), d.abuseBlockThreshold()),
                orDefault(duration("abuse-block-window", d.abuseBlockWindow()), d.abuseBlockWindow()),
                orDefault(duration("abuse-block-duration", d.abuseBlockDuration()), d.abuseBlockDuration()),
                stateFile(),
                // Sign kept: a negative cooldown or interval means "disabled".
                duration("bad-auth-cooldown", d.badAuthCooldown()),
                duration("audit-summary-interval", d.auditSummaryInterval()),
                base.settings().liveTv().tokenCacheTtl(),
                base.settings().liveTv().rewriteMaxBytes()));
        return new Result(b.build());
    }

    private URI upstream(ResolvedSettings base) throws ConfigException {
        Source s = pick("upstream", true);
        if (s != null) {
            return parse(s, ValueParsers::upstreamUrl);
        }
        String host = env.get("PLEX_HOST");
        if (host != null && !host.isBlank()) {
            String h = host.trim();
            boolean v6 = h.indexOf(':') >= 0 && !h.startsWith("[");
            return parse(new Source("http://" + (v6 ? "[" + h + "]" : h) + ":32400", "PLEX_HOST"),
                    ValueParsers::upstreamUrl);
        }
        // Doorman's own DOORMAN_UPSTREAM or config file counts too; its built-in default does not.
        if (base.isExplicit("upstream")) {
            return base.settings().upstream();
        }
        throw ConfigException.unusable("missing PMS URL: set -upstream, IPTV_TUNERR_PMS_URL or PLEX_HOST");
    }

    private Path stateFile() throws ConfigException {
        Source s = pick("abuse-block-state-file", true);
        return s == null ? null : parse(s, ValueParsers::path);
    }

    /** Flag, then each variable; a blank flag value falls through only when {@code blankFallsThrough}. */
    private Source pick(String name, boolean blankFallsThrough) {
        GoFlag f = PlexLabelProxyFlags.get(name);
        GivenFlag g = flags.get(name);
        if (g != null && !(blankFallsThrough && g.value().isBlank())) {
            return new Source(g.value(), g.spelling());
        }
        for (String e : f.envs()) {
            String v = env.get(e);
            if (v != null && !v.isBlank()) {
                return new Source(v, e);
            }
        }
        return null;
    }

    private boolean bool(String name) throws ConfigException {
        Source s = pick(name, false);
        return s != null && parse(s, ValueParsers::bool);
    }

    private int intValue(String name, int dflt) throws ConfigException {
        Source s = pick(name, false);
        return s == null ? dflt : parse(s, ValueParsers::integer);
    }

    private Duration duration(String name, Duration dflt) throws ConfigException {
        Source s = pick(name, false);
        return s == null ? dflt : parse(s, GoDuration::parse);
    }

    private static int orDefault(int v, int dflt) {
        return v <= 0 ? dflt : v;
    }

    private static Duration orDefault(Duration v, Duration dflt) {
        return v.isNegative() || v.isZero() ? dflt : v;
    }

    private static <T> T parse(Source s, Function<String, T> parser) throws ConfigException {
        try {
            return parser.apply(s.text());
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(s.label() + ": " + e.getMessage());
        }
    }
}
