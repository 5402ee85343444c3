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
                    ValueParsers::path, Settings.Builder::dataDir));

    private SettingsTable() {
    }

    /** The setting with this key ({@code upstream-ca}), if any. */
    public static Optional<SettingDef> find(String key) {
        return ALL.stream().filter(d -> d.key().equals(key)).findFirst();
    }
}
