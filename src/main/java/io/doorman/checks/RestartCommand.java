package io.doorman.checks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A restart command as given on the command line ({@code systemctl restart doorman.service}): split on
 * whitespace and run without a shell, within a time limit, keeping one short line of what it printed
 * (the last non-blank line of its first {@value #KEPT_OUTPUT_BYTES} bytes).
 */
public record RestartCommand(List<String> argv) {

    /** Output beyond this is read and dropped, so a chatty command never blocks on a full pipe. */
    static final int KEPT_OUTPUT_BYTES = 8192;
    static final int SHOWN_CHARS = 160;

    public RestartCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    /** @throws IllegalArgumentException when {@code text} holds no word */
    public static RestartCommand parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty command (want e.g. 'systemctl restart doorman.service')");
        }
        return new RestartCommand(Arrays.asList(s.split("\\s+")));
    }

    /** The command as a person would type it. */
    public String shown() {
        return String.join(" ", argv);
    }

    /** How a run ended. {@code lastLine} is the last non-blank output line, shortened, or empty. */
    public sealed interface Outcome {
        /** It ran to the end with this exit status. */
        record Exited(int status, String lastLine) implements Outcome {
        }

        /** It did not end within the limit and was killed. */
        record TimedOut(Duration limit, String lastLine) implements Outcome {
        }

        /** It could not be started (no such program, not executable). */
        record NotStarted(String why) implements Outcome {
        }
    }

    /** Runs the command, stdin closed, stdout and stderr merged; never longer than {@code limit} plus a kill. */
    public Outcome run(Duration limit) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Outcome.NotStarted(startFailure(e));
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().name("restart-output").start(() -> drain(p.getInputStream(), kept));
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(Duration.ofSeconds(2));
                return new Outcome.TimedOut(limit, lastLine(kept));
            }
            // A grandchild that kept the pipe open must not hold the check up.
            reader.join(Duration.ofSeconds(2));
            return new Outcome.Exited(p.exitValue(), lastLine(kept));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Outcome.TimedOut(limit, lastLine(kept));
        }
    }

    private String startFailure(IOException e) {
        // The JDK words this differently across versions and platforms; errno's text is in all of them.
        String m = e.getMessage() + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
        if (m.contains("No such file") || m.contains("error=2,")) {
            return "no program '" + argv.get(0) + "' (give its full path, or check PATH)";
        }
        if (m.contains("Permission denied") || m.contains("error=13,")) {
            return "'" + argv.get(0) + "' is not executable";
        }
        return "cannot start '" + argv.get(0) + "': " + e.getClass().getSimpleName();
    }

    private static void drain(InputStream in, ByteArrayOutputStream kept) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (kept) {
                    int room = KEPT_OUTPUT_BYTES - kept.size();
                    if (room > 0) {
                        kept.write(buf, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException closed) {
            // The process was killed or closed its output: what was read is what there is.
        }
    }

    private static String lastLine(ByteArrayOutputStream kept) {
        String text;
        synchronized (kept) {
            text = kept.toString(StandardCharsets.UTF_8);
        }
        String last = text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        last = last.replaceAll("\\p{Cntrl}", " ");
        return last.length() <= SHOWN_CHARS ? last : last.substring(0, SHOWN_CHARS) + "...";
    }
}
