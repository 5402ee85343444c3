package io.doorman.cli;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.checks.DoctorInputs;
import io.doorman.config.Secret;
import io.doorman.config.ValueParsers;
import io.doorman.console.AuditLineRecorder;
import io.doorman.console.DashboardApi;
import io.doorman.console.SecurityApi;
import io.doorman.console.TestRunApi;
import io.doorman.console.TrafficRecorder;
import io.doorman.console.TrafficSampler;
import io.doorman.guard.ClientSightings;
import io.doorman.plex.PmsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;
import io.doorman.console.ConsoleHttp;
import io.doorman.console.ConsoleRouter;
import io.doorman.console.HostsApi;
import io.doorman.console.SessionApi;
import io.doorman.console.SetupApi;
import io.doorman.console.StaticFiles;
import io.doorman.console.StoredSetupState;
import io.doorman.console.auth.AdminAuth;
import io.doorman.frontends.HostsFile;
import io.doorman.plex.GdmDiscovery;
import io.doorman.plex.OwnerTokenImport;
import io.doorman.store.Store;
import io.doorman.store.StoreException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The console as {@code serve} runs it on the admin listener: the store in the data directory, the admin's
 * sign-in (the setup code printed once on stdout), and the APIs over the same code the CLI uses. A store that
 * cannot be opened turns the console off with one warning; the proxy runs on.
 */
final class ConsoleWiring implements AutoCloseable {

    static final String GDM_TARGET_ENV = "DOORMAN_GDM_TARGET";
    static final String PLEXTV_ENV = "DOORMAN_PLEXTV_URL";

    private final Store store;
    private final AdminAuth auth;
    private final ConsoleHttp http;
    private final AuditLineRecorder audit;
    private final TrafficRecorder traffic;

    private ConsoleWiring(Store store, AdminAuth auth, ConsoleHttp http, AuditLineRecorder audit,
            TrafficRecorder traffic) {
        this.traffic = traffic;
        this.store = store;
        this.auth = auth;
        this.http = http;
        this.audit = audit;
    }

    /** The console's store in the data directory, or null (said on stderr) when it cannot be used. */
    static Store openStore(Settings s, PrintStream err, String prefix) {
        try {
            return Store.open(s.dataDir());
        } catch (StoreException e) {
            err.println(prefix + "warning: console off: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** The console over {@code store}, which it closes when it closes. */
    static ConsoleWiring start(Settings s, Store store, HostsFile hostsFile, LiveTvWiring liveTv,
            ClientSightings sightings, MeterRegistry registry, Map<String, String> env, PrintStream err,
            String prefix) {
        Clock clock = Clock.systemUTC();
        StoredSetupState setup = new StoredSetupState(store.secrets(), clock);
        // A flag or the environment wins; otherwise what the setup wizard stored, read on every call.
        Supplier<Secret> ownerToken = () -> s.liveTv().ownerToken().isEmpty() ? setup.ownerToken()
                : s.liveTv().ownerToken();
        AdminAuth auth = new AdminAuth(store);
        SessionApi session = new SessionApi(auth);
        ConsoleRouter router = new ConsoleRouter(session, new StaticFiles());
        session.routes(router);
        new HostsApi(hostsFile, s.listen().reachableLocally(), caddyAdmin(env, err, prefix)).routes(router);
        InetSocketAddress gdm = gdmTarget(env, err, prefix);
        new SetupApi(setup, hostsFile, () -> new GdmDiscovery(gdm, GdmDiscovery.DEFAULT_WINDOW,
                GdmDiscovery.DEFAULT_SENDS), new OwnerTokenImport()).routes(router);
        AuditLineRecorder audit = new AuditLineRecorder(store.audit(), clock);
        liveTv.tapAuditLines(audit);
        new SecurityApi(store.audit(), clock, liveTv.abuseGuard()).routes(router);
        try {
            new DashboardApi(PmsClient.forSettings(s), s.upstream(), ownerToken, PrefsCommand.CALL_TIMEOUT, sightings,
                    registry, s.lockdown(), DashboardApi.Intervals.DEFAULT).routes(router);
        } catch (GeneralSecurityException | IOException e) {
            err.println(prefix + "warning: console dashboard off: cannot reach PMS over TLS: " + e.getMessage());
        }
        DoctorInputs doctor = new DoctorInputs(s.upstream(), new Secret(""), s.lockdown(), s.listen(),
                s.trustedProxies(), s.lanNetworks(), CheckOptions.localUrl(s.adminListen()), plexTv(env, err, prefix),
                null, PrefsCommand.CALL_TIMEOUT);
        new TestRunApi(hostsFile, doctor, ownerToken).routes(router);
        if (!isLoopback(s.adminListen())) {
            err.println(prefix + "warning: the console and its API listen on " + s.adminListen() + ", beyond this"
                    + " machine: anyone who reaches it can try the admin password (keep --admin-listen on 127.0.0.1"
                    + " and reach it through SSH or your VPN)");
        }
        err.flush();
        TrafficRecorder traffic = new TrafficRecorder(new TrafficSampler(registry), store.traffic(), clock).start();
        return new ConsoleWiring(store, auth, new ConsoleHttp(router), audit, traffic);
    }

    /** Once the listener is up: with no admin yet, the one line {@code console setup code: <code>} on stdout. */
    void announce(PrintStream out) {
        auth.setupCode().ifPresent(code -> out.println(code.consoleLine()));
        out.flush();
    }

    ConsoleHttp http() {
        return http;
    }

    private static URI caddyAdmin(Map<String, String> env, PrintStream err, String prefix) {
        String v = env.get(FrontendApply.ADMIN_ENV);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return ValueParsers.httpUrl(v);
        } catch (IllegalArgumentException e) {
            err.println(prefix + "warning: " + FrontendApply.ADMIN_ENV + " is not an http:// URL; \"Apply to Caddy\" is"
                    + " off");
            return null;
        }
    }

    /**
     * Where the wizard's LAN discovery asks: PMS's multicast group, or {@code DOORMAN_GDM_TARGET} (a broadcast
     * address where multicast does not pass, a PMS's own address, a fake in tests).
     */
    private static InetSocketAddress gdmTarget(Map<String, String> env, PrintStream err, String prefix) {
        String v = env.get(GDM_TARGET_ENV);
        if (v == null || v.isBlank()) {
            return GdmDiscovery.PMS_DISCOVERY;
        }
        try {
            HostPort hp = HostPort.parse(v.strip());
            return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (RuntimeException | java.net.UnknownHostException e) {
            err.println(prefix + "warning: " + GDM_TARGET_ENV + " is not an IP:port; discovery asks "
                    + GdmDiscovery.PMS_DISCOVERY);
            return GdmDiscovery.PMS_DISCOVERY;
        }
    }

    /** plex.tv for the Test button's doctor checks: {@code DOORMAN_PLEXTV_URL} (as doctor's --plextv-url). */
    private static URI plexTv(Map<String, String> env, PrintStream err, String prefix) {
        String v = env.get(PLEXTV_ENV);
        if (v == null || v.isBlank()) {
            return DoctorCommand.DEFAULT_PLEXTV;
        }
        try {
            return ValueParsers.httpUrl(v);
        } catch (IllegalArgumentException e) {
            err.println(prefix + "warning: " + PLEXTV_ENV + " is not an http(s) URL; using " + DoctorCommand.DEFAULT_PLEXTV);
            return DoctorCommand.DEFAULT_PLEXTV;
        }
    }

    private static boolean isLoopback(HostPort listen) {
        try {
            return InetAddress.getByName(listen.host()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        traffic.close();
        audit.close();
        store.close();
    }
}
