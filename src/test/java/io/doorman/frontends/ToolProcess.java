package io.doorman.frontends;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a real program the generated configuration is checked with: found on PATH, bounded in time. */
final class ToolProcess {

    private static final long LIMIT_SECONDS = 60;

    /** How a run ended: exit code, and standard output and error merged. */
    record Outcome(int code, String output) {
    }

    /** A program left running (a server), its output going to a file; closing stops it, within seconds. */
    record Running(Process process, Path log) implements AutoCloseable {

        /** What it has written so far. */
        String output() throws IOException {
            return Files.readString(log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private ToolProcess() {
    }

    /** Starts {@code command} with {@code env} over this process's environment, its output going to {@code log}. */
    static Running start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new Running(p, log);
    }

    /** {@code name}'s path on PATH (or in /usr/sbin, where Debian puts nft); fails the test with {@code install}. */
    static String find(String name, String install) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseGet(() -> fail("%s not found on PATH: %s", name, install));
    }

    /** Runs {@code command} to its end, within a minute. */
    static Outcome run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    /** Runs {@code command} to its end, within a minute, with {@code env} over this process's environment. */
    static Outcome run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // Read on another thread: a full pipe must not hold the process up while we wait for it.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("%s did not finish within %ds", String.join(" ", command), LIMIT_SECONDS);
        }
        return new Outcome(p.exitValue(), output.get(10, TimeUnit.SECONDS));
    }
}
