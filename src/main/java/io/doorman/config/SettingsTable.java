package io.doorman.config;

import java.util.List;
import java.util.Optional;

/** Every setting of {@code doorman serve}, in the order help and the README list them. */
public final class SettingsTable {

    /** The table; its order is the order of help and the README. */
    public static final List<SettingDef> ALL = List.of(
            SettingDef.of("listen", "ADDR", "127.0.0.1:33240",
                    "proxy listener: host:port, [v6]:port, or :port for all interfaces",
                    ValueParsers::hostPort, Settings.Builder::listen),
            SettingDef.of("upstream", "URL", "http://127.0.0.1:32400",
                    "Plex Media Server base URL, http or https, no path",
                    ValueParsers::upstreamUrl, Settings.Builder::upstream),
            SettingDef.of("upstream-ca", "FILE", "the JDK's CAs",
                    "PEM file of CA certificates trusted for an https upstream",
                    ValueParsers::readableFile, Settings.Builder::upstreamCa),
            SettingDef.flag("upstream-insecure",
                    "skip certificate checks on an https upstream (PMS's own plex.direct certificate)",
                    Settings.Builder::upstreamInsecure),
            SettingDef.of("admin-listen", "ADDR|off", "127.0.0.1:33241",
                    "health, readiness and /metrics listener; off disables it",
                    ValueParsers::hostPortOrOff, Settings.Builder::adminListen),
            SettingDef.of("trusted-proxies", "CIDRS", "127.0.0.0/8,::1/128",
                    "peers whose X-Forwarded-For and CF-Connecting-IP headers are believed (comma separated; none for no one)",
                    ValueParsers::cidrList, Settings.Builder::trustedProxies),
            SettingDef.of("lan-networks", "CIDRS",
                    "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8,169.254.0.0/16,100.64.0.0/10,::1/128,fe80::/10,fc00::/7",
                    "networks counted as local (comma separated)",
                    ValueParsers::cidrList, Settings.Builder::lanNetworks),
            SettingDef.of("connect-timeout", "DURATION", "5s",
                    "limit for connecting to the upstream (TCP and TLS)",
                    ValueParsers::positiveDuration, Settings.Builder::connectTimeout),
            SettingDef.of("response-timeout", "DURATION", "60s",
                    "limit between sending a request upstream and its response head arriving",
                    ValueParsers::positiveDuration, Settings.Builder::responseTimeout),
            SettingDef.of("header-timeout", "DURATION", "15s",
                    "limit for a client to finish a request head it has started",
                    ValueParsers::positiveDuration, Settings.Builder::headerTimeout),
            SettingDef.of("idle-timeout", "DURATION", "75s",
                    "an idle client keep-alive connection is closed after this",
                    ValueParsers::positiveDuration, Settings.Builder::idleTimeout),
            SettingDef.of("upstream-idle-timeout", "DURATION", "50s",
                    "an idle pooled upstream connection is closed after this",
                    ValueParsers::positiveDuration, Settings.Builder::upstreamIdleTimeout),
            SettingDef.of("drain-timeout", "DURATION", "10s",
                    "on SIGTERM or SIGINT, how long in-flight requests may finish",
                    ValueParsers::positiveDuration, Settings.Builder::drainTimeout),
            SettingDef.of("max-header-size", "SIZE", "64KiB",
                    "request head limit (bytes, KiB or MiB); larger heads get 431",
                    ValueParsers::byteSize, Settings.Builder::maxHeaderBytes),
            SettingDef.of("max-uri-size", "SIZE", "16KiB",
                    "request line limit (bytes, KiB or MiB); longer lines get 414",
                    ValueParsers::byteSize, Settings.Builder::maxUriBytes),
            SettingDef.of("max-upstream-connections", "N", "256",
                    "connections to PMS per I/O thread, idle ones included; further requests wait in order for one",
                    t -> ValueParsers.intInRange(t, 1, 100_000), Settings.Builder::maxUpstreamPerLoop),
            SettingDef.of("io-threads", "N", "0",
                    "event loop threads; 0 means one per CPU core",
                    t -> ValueParsers.intInRange(t, 0, 1024), Settings.Builder::ioThreads),
            SettingDef.of("access-log", "stdout|off|FILE", "stdout",
                    "where access log lines go",
                    ValueParsers::accessLog, Settings.Builder::accessLog),
            SettingDef.of("data-dir", "DIR", "$XDG_DATA_HOME/doorman or ~/.local/share/doorman",
                    "where state (blocks, console store) is kept",
                    ValueParsers::path, Settings.Builder::dataDir),
            SettingDef.flag("elevate-live-tv",
                    "borrow the owner token for verified Live TV requests of shared users (the recommended mode)",
                    (b, v) -> b.updateLiveTv(l -> l.withElevateLiveTv(v))),
            SettingDef.flag("elevate-all", "borrow it for every request with a verified token (blunt mode)",
                    (b, v) -> b.updateLiveTv(l -> l.withElevateAll(v))),
            SettingDef.flag("elevate-discovery-only",
                    "with --elevate-live-tv: browse and guide only, never stream starts",
                    (b, v) -> b.updateLiveTv(l -> l.withElevateDiscoveryOnly(v))),
            SettingDef.flag("user-header", "on elevation also send X-Plex-User with the client's own token",
                    (b, v) -> b.updateLiveTv(l -> l.withUserHeader(v))),
            SettingDef.of("owner-token", "TOKEN", "none",
                    "the server owner's Plex token, borrowed on elevation (prefer the env var: flags show in ps)",
                    Secret::new, (b, v) -> b.updateLiveTv(l -> l.withOwnerToken(v).withToken(v))),
            SettingDef.of("abuse-block-threshold", "N", "5", "denials before a source is blocked (0 or less means 5)",
                    ValueParsers::integer, (b, v) -> b.updateLiveTv(l -> l.withAbuseBlockThreshold(v > 0 ? v : 5))),
            SettingDef.of("abuse-block-window", "DURATION", "5m", "window for counting denials",
                    GoDuration::parse, (b, v) -> b.updateLiveTv(l -> l.withAbuseBlockWindow(
                            v.isNegative() || v.isZero() ? java.time.Duration.ofMinutes(5) : v))),
            SettingDef.of("abuse-block-duration", "DURATION", "30m", "block length",
                    GoDuration::parse, (b, v) -> b.updateLiveTv(l -> l.withAbuseBlockDuration(
                            v.isNegative() || v.isZero() ? java.time.Duration.ofMinutes(30) : v))),
            SettingDef.of("abuse-block-state-file", "FILE", "DATA-DIR/blocks.json",
                    "JSON file that keeps blocks across restarts",
                    ValueParsers::path, (b, v) -> b.updateLiveTv(l -> l.withAbuseBlockStateFile(v))),
            SettingDef.of("bad-auth-cooldown", "DURATION", "2m",
                    "how long a denied source+token pair is refused without asking PMS; negative disables",
                    GoDuration::parse, (b, v) -> b.updateLiveTv(l -> l.withBadAuthCooldown(v))),
            SettingDef.of("token-cache-ttl", "DURATION", "5m",
                    "how long a token check's answer (allowed or denied) is kept",
                    ValueParsers::positiveDuration, (b, v) -> b.updateLiveTv(l -> l.withTokenCacheTtl(v))),
            SettingDef.of("audit-summary-interval", "DURATION", "5m",
                    "interval of plexlabelproxy_audit_summary lines; negative disables",
                    GoDuration::parse, (b, v) -> b.updateLiveTv(l -> l.withAuditSummaryInterval(v))));

    private SettingsTable() {
    }

    /** The setting with this key ({@code upstream-ca}), if any. */
    public static Optional<SettingDef> find(String key) {
        return ALL.stream().filter(d -> d.key().equals(key)).findFirst();
    }
}
