package io.doorman.cli;

import ch.qos.logback.classic.LoggerContext;
import io.doorman.config.ConfigException;
import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.config.Secret;
import io.doorman.console.AdminServer;
import io.doorman.console.StoredSetupState;
import io.doorman.store.Store;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.frontends.PlexHost;
import io.doorman.guard.ClientSightings;
import io.doorman.prefs.PrefsWatch;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.RequestPolicy;
import io.doorman.proxy.StartupException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs the proxy (and the admin listener) for a plan until SIGTERM/SIGINT, then drains gracefully. The
 * real {@link Launcher}.
 */
final class ProxyRunner {

    private static volatile boolean shutdownStarted;

    private ProxyRunner() {
    }

    /** Whether a signal has started the graceful shutdown (the JVM is exiting). */
    static boolean shutdownStarted() {
        return shutdownStarted;
    }

    static int run(LaunchPlan plan, PrintStream out, PrintStream err) {
        Settings s = plan.settings();
        String prefix = plan.prefix() + ": ";
        try {
            AccessLogSetup.apply(s.accessLog());
        } catch (ConfigException e) {
            err.println(prefix + e.getMessage());
            return e.exitCode();
        }
        // Before anything starts: a SIGTERM that arrives right after the startup line must drain, not kill.
        CountDownLatch stopRequested = installSignalHandlers();
        HostsFile hostsFile = plan.routesByHost() ? HostsFile.in(s.dataDir()) : null;
        Hosts hosts = Hosts.NONE;
        HostsWatch.Stamp loaded = hostsFile == null ? null : HostsWatch.stamp(hostsFile);
        if (hostsFile != null) {
            try {
                hosts = hostsFile.load();
            } catch (HostsFileException | IllegalArgumentException e) {
                err.println(prefix + "hosts: " + e.getMessage());
                return 1;
            }
        }
        // The console's store holds what its setup wizard was given; flags and the environment still win.
        Store store = hostsFile != null && s.adminListen() != null ? ConsoleWiring.openStore(s, err, prefix) : null;
        if (store != null && s.liveTv().ownerToken().isEmpty()) {
            Secret saved = new StoredSetupState(store.secrets(), java.time.Clock.systemUTC()).ownerToken();
            if (!saved.isEmpty()) {
                s = new Settings.Builder(s).liveTv(s.liveTv().withOwnerToken(saved)).build();
            }
        }
        if (HostLiveTvGate.anyWants(hosts) && !s.liveTv().elevates()) {
            // A host's "Live TV for shared users" is the switch: it needs no serve flag besides the owner token.
            s = new Settings.Builder(s).liveTv(s.liveTv().withElevateLiveTv(true)).build();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LiveTvWiring liveTv;
        try {
            liveTv = LiveTvWiring.create(s, registry);
        } catch (StartupException e) {
            err.println(prefix + e.getMessage());
            registry.close();
            return 1;
        }
        try {
            liveTv.prepare(hosts);
        } catch (IllegalArgumentException e) {
            err.println(prefix + "hosts: " + e.getMessage());
            liveTv.close();
            registry.close();
            return 1;
        }
        ClientSightings sightings = new ClientSightings(java.time.Clock.systemUTC());
        ProxyHooks hooks = liveTv.hooks().alsoTelling(sightings);
        if (hostsFile != null && liveTv.active()) {
            // Hosts may come with a reload, so the gate is there from the start whenever Live TV is wired.
            hooks = HostLiveTvGate.gate(hooks, liveTv);
        }
        ProxyServer proxy = new ProxyServer(s, HostRoutes.table(hosts, s), hooks, registry);
        try {
            proxy.start();
        } catch (StartupException e) {
            err.println(prefix + e.getMessage());
            liveTv.close();
            registry.close();
            return 1;
        }
        AdminServer admin = null;
        ConsoleWiring console = null;
        if (s.adminListen() != null) {
            admin = new AdminServer(s.adminListen(), registry, proxy, sightings);
            if (hostsFile != null) {
                // The console's frontends and doctor point at the port the proxy really has (--listen :0 included).
                Settings bound = new Settings.Builder(s).listen(new HostPort(s.listen().host(),
                        proxy.address().getPort())).build();
                console = store == null ? null : ConsoleWiring.start(bound, store, hostsFile, liveTv, sightings,
                        registry, System.getenv(), err, prefix);
                if (console != null) {
                    admin.withConsole(console.http());
                }
            }
            try {
                admin.start();
            } catch (StartupException e) {
                if (!plan.adminListenChosen()) {
                    // A default the user never asked for (a second instance on this host has it) is no reason not
                    // to proxy; one line tells them how to get health checks back.
                    err.println(prefix + "warning: " + e.getMessage() + "; running without /healthz, /readyz and"
                            + " /metrics (choose another address, or off, with DOORMAN_ADMIN_LISTEN, admin-listen in"
                            + " the config file or serve's --admin-listen)");
                    err.flush();
                    admin = null;
                    if (console != null) {
                        console.close();
                        console = null;
                    }
                } else {
                    err.println(prefix + e.getMessage());
                    proxy.shutdown(Duration.ZERO);
                    if (console != null) {
                        console.close();
                    }
                    liveTv.close();
                    registry.close();
                    return 1;
                }
            }
        }
        out.println(prefix + "proxying " + bound(s.listen(), proxy) + " -> " + (hosts.isEmpty() ? s.upstream()
                : hostsLine(hosts)) + " (admin " + (admin == null ? "off" : bound(s.adminListen(), admin)) + ")"
                + plan.modeNote());
        if (console != null) {
            console.announce(out);
        }
        out.flush();
        HostsWatch watch = null;
        if (hostsFile != null) {
            watch = new HostsWatch(hostsFile, loaded, proxy, s, liveTv::prepare, out, err,
                    prefix).start();
        }
        liveTv.started();
        PrefsWatch prefs = null;
        try {
            prefs = PrefsWiring.startIfConfigured(s, registry, out, err, prefix);
        } catch (StartupException e) {
            err.println(prefix + "warning: prefs: " + e.getMessage() + "; not enforced");
            err.flush();
        }
        awaitSignal(stopRequested, proxy, admin, registry, s.drainTimeout());
        if (watch != null) {
            watch.close();
        }
        if (prefs != null) {
            prefs.close();
        }
        if (console != null) {
            console.close();
        }
        liveTv.close();
        return 0;
    }

    /** {@code 2 hosts: plex (media.example.com) -> http://127.0.0.1:32400, cabin (...) -> ...}. */
    private static String hostsLine(Hosts hosts) {
        StringBuilder b = new StringBuilder().append(hosts.all().size()).append(hosts.all().size() == 1 ? " host: "
                : " hosts: ");
        for (int i = 0; i < hosts.all().size(); i++) {
            PlexHost h = hosts.all().get(i);
            b.append(i == 0 ? "" : ", ").append(h.name()).append(" (").append(String.join(" ", h.allNames()))
                    .append(") -> ").append(h.upstream());
        }
        return b.toString();
    }

    /**
     * Serves until SIGTERM or SIGINT, then drains and returns, so the process exits 0 as the Go tool did
     * (a JVM shutdown hook alone would exit 143, which systemd reports as a failure). A shutdown hook still
     * covers other ways the JVM may be asked to stop.
     */
    private static CountDownLatch installSignalHandlers() {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stopRequested.countDown());
            } catch (IllegalArgumentException e) {
                // This platform does not deliver that signal to Java; the shutdown hook still works.
            }
        }
        return stopRequested;
    }

    private static void awaitSignal(CountDownLatch stopRequested, ProxyServer proxy, AdminServer admin,
            PrometheusMeterRegistry registry, Duration drain) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            if (shutdownStarted) {
                return;
            }
            shutdownStarted = true;
            try {
                runEach(System.err, () -> proxy.shutdown(drain), () -> {
                    if (admin != null) {
                        admin.close();
                    }
                }, registry::close, ProxyRunner::stopLogging);
            } finally {
                stopped.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            awaitQuietly(stopped);
        }, "doorman-shutdown"));
        awaitQuietly(stopRequested);
        stop.run();
        awaitQuietly(stopped);
    }

    /**
     * Runs every step even when one fails, and says on {@code err} which one did. A failing step used to skip
     * the rest, the signal that shutdown was over among them, and the JVM then waited for it forever (seen
     * when the jar was rebuilt in place under a running process: a class first needed while stopping could no
     * longer be loaded).
     */
    static void runEach(PrintStream err, Runnable... steps) {
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (Throwable t) {
                err.println("doorman: a shutdown step failed, the others still run: " + t);
            }
        }
    }

    /** Flushes the asynchronous access-log appender before the JVM goes. */
    private static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.stop();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // only a signal ends serving
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configured host with the port actually bound (they differ when the port is 0). */
    private static String bound(HostPort configured, ProxyServer proxy) {
        try {
            return new HostPort(configured.host(), proxy.address().getPort()).toString();
        } catch (RuntimeException e) {
            return configured.toString();
        }
    }

    private static String bound(HostPort configured, AdminServer admin) {
        try {
            return new HostPort(configured.host(), admin.address().getPort()).toString();
        } catch (RuntimeException e) {
            return configured.toString();
        }
    }
}
