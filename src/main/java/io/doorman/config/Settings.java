package io.doorman.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a running Doorman, resolved once at start (flags &gt; env &gt; config file &gt; defaults)
 * and immutable afterwards. Secrets are {@link Secret}s, so printing this record never shows a token.
 *
 * @param listen            the proxy listener
 * @param upstream          PMS base URL ({@code http} or {@code https})
 * @param upstreamCa        PEM file of CAs trusted for an {@code https} upstream, or null for the JDK's
 * @param upstreamInsecure  skip certificate checks on an {@code https} upstream (PMS's plex.direct cert)
 * @param adminListen       health/readiness/metrics listener, or null for none
 * @param trustedProxies    peers whose forwarded headers are believed
 * @param lanNetworks       networks counted as {@code local} in the access log
 * @param connectTimeout    upstream TCP (and TLS) connect limit
 * @param responseTimeout   limit between sending a request upstream and its response head arriving
 * @param headerTimeout     limit for a client to send a complete request head once it has started one
 * @param idleTimeout       an idle client keep-alive connection is closed after this
 * @param upstreamIdleTimeout a pooled idle upstream connection is closed after this
 * @param drainTimeout      on SIGTERM, how long in-flight requests may finish
 * @param maxHeaderBytes    request head limit (431 above it)
 * @param maxUriBytes       request line limit (414 above it)
 * @param maxUpstreamPerLoop connections to PMS per I/O thread (idle ones included); more requests wait for one
 * @param ioThreads         event loop threads (0 = one per available core)
 * @param accessLog         {@code stdout}, {@code off}, or a file path
 * @param dataDir           where state (blocks, console store) lives
 * @param liveTv            Live TV elevation settings
 * @param lockdown          the public URL and the PMS preference policy
 */
public record Settings(
        HostPort listen,
        URI upstream,
        Path upstreamCa,
        boolean upstreamInsecure,
        HostPort adminListen,
        List<Cidr> trustedProxies,
        List<Cidr> lanNetworks,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration upstreamIdleTimeout,
        Duration drainTimeout,
        int maxHeaderBytes,
        int maxUriBytes,
        int maxUpstreamPerLoop,
        int ioThreads,
        String accessLog,
        Path dataDir,
        LiveTvSettings liveTv,
        LockdownSettings lockdown) {

    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 33240);
    public static final HostPort DEFAULT_ADMIN_LISTEN = new HostPort("127.0.0.1", 33241);
    public static final URI DEFAULT_UPSTREAM = URI.create("http://127.0.0.1:32400");

    public Settings {
        trustedProxies = List.copyOf(trustedProxies);
        lanNetworks = List.copyOf(lanNetworks);
    }

    /** The defaults, before any flag, env var or config file. */
    public static Settings defaults() {
        return new Settings(DEFAULT_LISTEN, DEFAULT_UPSTREAM, null, false, DEFAULT_ADMIN_LISTEN,
                Cidr.LOOPBACK, Cidr.DEFAULT_LAN,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(75),
                Duration.ofSeconds(50), Duration.ofSeconds(10),
                64 * 1024, 16 * 1024, 256, 0, "stdout", defaultDataDir(), LiveTvSettings.disabled(),
                LockdownSettings.defaults());
    }

    /** {@code $XDG_DATA_HOME/doorman}, else {@code ~/.local/share/doorman}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "doorman");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "doorman");
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link Settings}; starts from {@link #defaults()} or an existing record. */
    public static final class Builder {
        private HostPort listen;
        private URI upstream;
        private Path upstreamCa;
        private boolean upstreamInsecure;
        private HostPort adminListen;
        private List<Cidr> trustedProxies;
        private List<Cidr> lanNetworks;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private Duration headerTimeout;
        private Duration idleTimeout;
        private Duration upstreamIdleTimeout;
        private Duration drainTimeout;
        private int maxHeaderBytes;
        private int maxUriBytes;
        private int maxUpstreamPerLoop;
        private int ioThreads;
        private String accessLog;
        private Path dataDir;
        private LiveTvSettings liveTv;
        private LockdownSettings lockdown;

        public Builder() {
            this(defaults());
        }

        public Builder(Settings s) {
            this.listen = s.listen();
            this.upstream = s.upstream();
            this.upstreamCa = s.upstreamCa();
            this.upstreamInsecure = s.upstreamInsecure();
            this.adminListen = s.adminListen();
            this.trustedProxies = s.trustedProxies();
            this.lanNetworks = s.lanNetworks();
            this.connectTimeout = s.connectTimeout();
            this.responseTimeout = s.responseTimeout();
            this.headerTimeout = s.headerTimeout();
            this.idleTimeout = s.idleTimeout();
            this.upstreamIdleTimeout = s.upstreamIdleTimeout();
            this.drainTimeout = s.drainTimeout();
            this.maxHeaderBytes = s.maxHeaderBytes();
            this.maxUriBytes = s.maxUriBytes();
            this.maxUpstreamPerLoop = s.maxUpstreamPerLoop();
            this.ioThreads = s.ioThreads();
            this.accessLog = s.accessLog();
            this.dataDir = s.dataDir();
            this.liveTv = s.liveTv();
            this.lockdown = s.lockdown();
        }

        public Builder listen(HostPort v) {
            this.listen = v;
            return this;
        }

        public Builder upstream(URI v) {
            this.upstream = v;
            return this;
        }

        public Builder upstreamCa(Path v) {
            this.upstreamCa = v;
            return this;
        }

        public Builder upstreamInsecure(boolean v) {
            this.upstreamInsecure = v;
            return this;
        }

        public Builder adminListen(HostPort v) {
            this.adminListen = v;
            return this;
        }

        public Builder trustedProxies(List<Cidr> v) {
            this.trustedProxies = v;
            return this;
        }

        public Builder lanNetworks(List<Cidr> v) {
            this.lanNetworks = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = v;
            return this;
        }

        public Builder responseTimeout(Duration v) {
            this.responseTimeout = v;
            return this;
        }

        public Builder headerTimeout(Duration v) {
            this.headerTimeout = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            this.idleTimeout = v;
            return this;
        }

        public Builder upstreamIdleTimeout(Duration v) {
            this.upstreamIdleTimeout = v;
            return this;
        }

        public Builder drainTimeout(Duration v) {
            this.drainTimeout = v;
            return this;
        }

        public Builder maxHeaderBytes(int v) {
            this.maxHeaderBytes = v;
            return this;
        }

        public Builder maxUriBytes(int v) {
            this.maxUriBytes = v;
            return this;
        }

        public Builder maxUpstreamPerLoop(int v) {
            this.maxUpstreamPerLoop = v;
            return this;
        }

        public Builder ioThreads(int v) {
            this.ioThreads = v;
            return this;
        }

        public Builder accessLog(String v) {
            this.accessLog = v;
            return this;
        }

        public Builder dataDir(Path v) {
            this.dataDir = v;
            return this;
        }

        public Builder liveTv(LiveTvSettings v) {
            this.liveTv = v;
            return this;
        }

        /** Changes one Live TV setting. */
        public Builder updateLiveTv(java.util.function.UnaryOperator<LiveTvSettings> change) {
            this.liveTv = change.apply(liveTv);
            return this;
        }

        public Builder lockdown(LockdownSettings v) {
            this.lockdown = v;
            return this;
        }

        /** Changes one lock-down setting. */
        public Builder updateLockdown(java.util.function.UnaryOperator<LockdownSettings> change) {
            this.lockdown = change.apply(lockdown);
            return this;
        }

        public Settings build() {
            return new Settings(listen, upstream, upstreamCa, upstreamInsecure, adminListen, trustedProxies, lanNetworks, connectTimeout, responseTimeout, headerTimeout, idleTimeout, upstreamIdleTimeout, drainTimeout, maxHeaderBytes, maxUriBytes, maxUpstreamPerLoop, ioThreads, accessLog, dataDir, liveTv, lockdown);
        }
    }
}
