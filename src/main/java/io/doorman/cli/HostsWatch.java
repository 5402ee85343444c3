package io.doorman.cli;

import io.doorman.config.Settings;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.proxy.ProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Keeps the proxy's routes in step with {@code hosts.yaml}: re-reads it when it changes (checked every
 * {@link #POLL}) or on SIGHUP, and swaps the route table without dropping a connection. A file that cannot be used
 * leaves the routes as they were and says why on stderr, once per change.
 */
final class HostsWatch implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(2);

    private final HostsFile file;
    private final ProxyServer proxy;
    private final Settings settings;
    private final UnaryOperator<Hosts> check;
    private final PrintStream out;
    private final PrintStream err;
    private final String prefix;
    private final ScheduledExecutorService timer;
    private Stamp seen;

    /** The file's identity as far as a change goes: modification time and size (null when absent). */
    record Stamp(long modifiedMillis, long size, Object key) {
    }

    /**
     * @param loaded the file's stamp taken before the routes in use were read from it, so an edit made while
     *               serve was starting is not missed
     * @param check  refuses hosts this process cannot serve, with an {@link IllegalArgumentException}
     */
    HostsWatch(HostsFile file, Stamp loaded, ProxyServer proxy, Settings settings, UnaryOperator<Hosts> check,
            PrintStream out, PrintStream err, String prefix) {
        this.file = file;
        this.proxy = proxy;
        this.settings = settings;
        this.check = check;
        this.out = out;
        this.err = err;
        this.prefix = prefix;
        this.seen = loaded;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("doorman-hosts-watch").unstarted(r));
    }

    /** Starts watching; SIGHUP (where the platform delivers it to Java) forces a re-read. */
    HostsWatch start() {
        timer.scheduleWithFixedDelay(this::reloadIfChanged, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> timer.execute(this::reload));
        } catch (IllegalArgumentException e) {
            // No SIGHUP here: the change check still picks edits up.
        }
        return this;
    }

    private synchronized void reloadIfChanged() {
        if (!Objects.equals(stamp(file), seen)) {
            reload();
        }
    }

    /** Re-reads the file now and, if it is usable, routes by it. */
    synchronized void reload() {
        seen = stamp(file);
        try {
            Hosts hosts = check.apply(file.load());
            proxy.replaceRoutes(HostRoutes.table(hosts, settings));
            out.println(prefix + "hosts: " + (hosts.isEmpty() ? "none, proxying everything to " + settings.upstream()
                    : hosts.all().size() + " from " + file.path()) + " (reloaded)");
            out.flush();
        } catch (HostsFileException | IllegalArgumentException e) {
            err.println(prefix + "warning: hosts: " + e.getMessage() + "; keeping the routes in use");
            err.flush();
        }
    }

    static Stamp stamp(HostsFile file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return new Stamp(-1, -1, e.getClass().getName());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
