package io.doorman.cli;

import ch.qos.logback.classic.LoggerContext;
import io.doorman.config.ConfigException;
import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.console.AdminServer;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyHooks;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.StartupException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
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
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyServer proxy = new ProxyServer(s, ProxyHooks.passThrough(PlexTokens::redactTarget), registry);
        try {
            proxy.start();
        } catch (StartupException e) {
            err.println(prefix + e.getMessage());
            registry.close();
            return 1;
        }
        AdminServer admin = null;
        if (s.adminListen() != null) {
            admin = new AdminServer(s.adminListen(), registry, proxy);
            try {
                admin.start();
            } catch (StartupException e) {
                err.println(prefix + e.getMessage());
                proxy.shutdown(Duration.ZERO);
                registry.close();
                return 1;
            }
        }
        out.println(prefix + "proxying " + bound(s.listen(), proxy) + " -> " + s.upstream()
                + " (admin " + (admin == null ? "off" : bound(s.adminListen(), admin)) + ")" + plan.modeNote());
        out.flush();
        awaitSignal(proxy, admin, registry, s.drainTimeout());
        return 0;
    }

    private static void awaitSignal(ProxyServer proxy, AdminServer admin, PrometheusMeterRegistry registry,
            Duration drain) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdownStarted = true;
            try {
                proxy.shutdown(drain);
            } finally {
                if (admin != null) {
                    admin.close();
                }
                registry.close();
                // Flushes the asynchronous access-log appender before the JVM goes.
                if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
                    ctx.stop();
                }
                stopped.countDown();
            }
        }, "doorman-shutdown"));
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
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
