package io.doorman.testkit;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real Caddy ({@code caddy run}, Debian's 2.6.2) with a Caddyfile, its home, config and data directories inside
 * a test's directory (so its local CA and autosave stay there) and its admin endpoint on a free loopback port.
 */
public final class CaddyProcess implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final int adminPort;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private CaddyProcess(Process process, int adminPort) {
        this.process = process;
        this.adminPort = adminPort;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                }
            } catch (IOException e) {
                // caddy ended
            }
        });
    }

    /**
     * Starts {@code caddy run --config CADDYFILE --adapter caddyfile} in {@code dir}, the Caddyfile's global
     * options block having {@code admin 127.0.0.1:ADMINPORT}; waits for its admin API.
     */
    public static CaddyProcess start(Path dir, int adminPort, String caddyfile) throws IOException {
        Path file = dir.resolve("Caddyfile");
        Files.writeString(file, caddyfile);
        return start(dir, adminPort, List.of("run", "--config", file.toString(), "--adapter", "caddyfile"));
    }

    /** Starts {@code caddy ARGS} with its directories in {@code dir}; waits for its admin API to answer. */
    public static CaddyProcess start(Path dir, int admin, List<String> args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(caddy());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        CaddyProcess caddy = new CaddyProcess(pb.start(), admin);
        try {
            await().atMost(START_LIMIT).until(() -> !caddy.process.isAlive() || answers(admin));
        } catch (RuntimeException e) {
            caddy.close();
            throw new IllegalStateException("caddy did not start: " + caddy.log(), e);
        }
        if (!caddy.process.isAlive()) {
            throw new IllegalStateException("caddy exited " + caddy.process.exitValue() + ": " + caddy.log());
        }
        return caddy;
    }

    /** Path of the caddy binary (Debian's package; {@code .ci/run} installs it). */
    public static String caddy() {
        for (String p : List.of("/usr/bin/caddy", "/usr/local/bin/caddy")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("caddy not found: apt-get install caddy");
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The admin endpoint, e.g. {@code http://127.0.0.1:40123}. */
    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** Caddy's log so far (JSON lines), for failure messages. */
    public String log() {
        return String.join("\n", log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
