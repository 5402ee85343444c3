package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code main} in a child JVM, started as a shell or systemd starts it, for exit codes and streams. */
final class ChildJvm {

    /** A finished child's exit code, stdout and stderr. */
    record Outcome(int code, String out, String err) {
    }

    private ChildJvm() {
    }

    /** {@code doorman ARGS} in {@code cwd}, with none of this machine's Doorman, runbook or Plex variables. */
    static ProcessBuilder builder(Path cwd, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // Start fast; grant native access so Netty's epoll library loads without a JDK warning on stderr.
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx64m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.doorman.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DOORMAN_") || k.startsWith("IPTV_TUNERR_")
                || k.startsWith("PLEX_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        return pb;
    }

    /** Starts the child with no input and waits up to a minute for it (asserting that it finished). */
    static Outcome run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("process finished").isTrue();
        return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
