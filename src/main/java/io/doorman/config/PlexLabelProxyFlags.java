package io.doorman.config;

import io.doorman.config.GoFlag.Kind;
import java.util.List;
import java.util.Optional;

/** The flags and environment fallbacks of {@code plex-label-proxy}, as shared/spec/plex-label-proxy.md lists them. */
public final class PlexLabelProxyFlags {

    /** The table, in the spec's order. */
    public static final List<GoFlag> ALL = List.of(
            flag("listen", Kind.STRING, List.of("IPTV_TUNERR_PLEX_LABEL_PROXY_LISTEN"), "127.0.0.1:33240",
                    "listener address"),
            new GoFlag("upstream", List.of("plex-url"), Kind.STRING, List.of("IPTV_TUNERR_PMS_URL"),
                    "then http://$PLEX_HOST:32400", "required", "PMS base URL, http or https"),
            flag("token", Kind.STRING, List.of("IPTV_TUNERR_PMS_TOKEN", "PLEX_TOKEN"), "required",
                    "token used to read /livetv/dvrs for labels"),
            new GoFlag("owner-token", List.of(), Kind.STRING, List.of("IPTV_TUNERR_PMS_OWNER_TOKEN", "PLEX_OWNER_TOKEN"),
                    "then the resolved -token", "", "token borrowed on elevation; values trimmed"),
            flag("strip-prefix", Kind.STRING, List.of(), "iptvtunerr-",
                    "removed from the start of DVR lineup labels (\"\" disables)"),
            flag("refresh-seconds", Kind.INT, List.of(), "30", "label cache lifetime (0 or less means 30)"),
            flag("spoof-identity", Kind.BOOL, List.of(), "false", "on / and /identity show the Referer's provider label as the server name; all labels on /media/providers"),
            flag("elevate-live-tv", Kind.BOOL, List.of(), "false",
                    "borrow the owner token for verified Live TV requests (the recommended mode)"),
            flag("elevate-all", Kind.BOOL, List.of(), "false", "borrow it for every request with a verified token"),
            flag("elevate-discovery-only", Kind.BOOL, List.of(), "false",
                    "with -elevate-live-tv: browse and guide only, never stream starts"),
            flag("user-header", Kind.BOOL, List.of(), "false",
                    "on elevation also send X-Plex-User with the client's own token"),
            flag("neutralize-owner-history", Kind.BOOL, List.of(), "false",
                    "keep elevated playback out of the owner's watch history"),
            flag("abuse-block-threshold", Kind.INT, List.of("IPTV_TUNERR_PROXY_ABUSE_THRESHOLD"), "5",
                    "denials before a source is blocked (0 or less means 5)"),
            flag("abuse-block-window", Kind.DURATION, List.of("IPTV_TUNERR_PROXY_ABUSE_WINDOW"), "5m",
                    "window for counting denials (0 or less means 5m)"),
            flag("abuse-block-duration", Kind.DURATION, List.of("IPTV_TUNERR_PROXY_ABUSE_BLOCK_DURATION"), "30m",
                    "block length (0 or less means 30m)"),
            flag("abuse-block-state-file", Kind.STRING, List.of("IPTV_TUNERR_PROXY_ABUSE_STATE_FILE"), "none",
                    "JSON file that keeps blocks across restarts"),
            flag("bad-auth-cooldown", Kind.DURATION, List.of("IPTV_TUNERR_PROXY_BAD_AUTH_COOLDOWN"), "2m",
                    "how long a denied source+token pair is refused without asking PMS; negative disables"),
            flag("audit-summary-interval", Kind.DURATION, List.of("IPTV_TUNERR_PROXY_AUDIT_SUMMARY_INTERVAL"), "5m",
                    "interval of plexlabelproxy_audit_summary lines; negative disables"));

    private PlexLabelProxyFlags() {
    }

    private static GoFlag flag(String name, Kind kind, List<String> envs, String def, String meaning) {
        return new GoFlag(name, List.of(), kind, envs, "", def, meaning);
    }

    /** The flag called {@code name} (without dashes) or by that alias. */
    public static Optional<GoFlag> find(String name) {
        return ALL.stream().filter(f -> f.answersTo(name)).findFirst();
    }

    /** The flag with this canonical name; it must exist. */
    public static GoFlag get(String name) {
        return find(name).filter(f -> f.name().equals(name)).orElseThrow();
    }
}
