package io.doorman.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code doorman serve} running in a child JVM on a free port, its stdout and stderr collected line by line, for
 * tests that need the real process (signals, reloads, a frontend in front of it).
 */
public final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final int port;

    private ServeProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
        await().atMost(Duration.ofSeconds(30)).until(() -> startupLine() != null || !process.isAlive());
        String first = startupLine();
        if (first == null) {
            throw new IllegalStateException("serve ended before proxying: " + String.join("\n", err));
        }
        this.port = Integer.parseInt(first.replaceAll(".*proxying 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
    }

    /**
     * Starts {@code doorman serve --listen 127.0.0.1:0 --admin-listen off --access-log off --upstream UPSTREAM
     * EXTRA...} in {@code cwd} with {@code dataDir} and {@code env}, and waits for its startup line.
     */
    public static ServeProcess start(Path cwd, Path dataDir, String upstream, Map<String, String> env, String... extra)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--admin-listen", "off",
                "--access-log", "off", "--upstream", upstream));
        args.addAll(List.of(extra));
        ProcessBuilder pb = ChildJvm.builder(cwd, args);
        pb.environment().put("DOORMAN_DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        return new ServeProcess(pb.start());
    }

    private String startupLine() {
        return out.stream().filter(l -> l.contains("proxying")).findFirst().orElse(null);
    }

    private static void pump(InputStream in, List<String> into) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** The proxy's port. */
    public int port() {
        return port;
    }

    /** The admin listener's port, when serve was given {@code --admin-listen 127.0.0.1:0}. */
    public int adminPort() {
        return Integer.parseInt(startupLine().replaceAll(".*\\(admin 127\\.0\\.0\\.1:(\\d+)\\).*", "$1"));
    }

    /** The first line with "proxying". */
    public String started() {
        return startupLine();
    }

    /** Standard output so far (live). */
    public List<String> out() {
        return out;
    }

    /** Standard error so far (live). */
    public List<String> err() {
        return err;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops serve as systemd would (SIGTERM), then forcibly if it does not end within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (!err.isEmpty()) {
            System.err.println("serve's stderr:\n" + String.join("\n", err)); // the why of a failure
        }
    }
}
