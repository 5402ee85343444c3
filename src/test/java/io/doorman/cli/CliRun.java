package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link Main} in-process with a given environment and working directory, capturing both streams;
 * the launcher is a fake that records the plan instead of binding sockets.
 *
 * @param code  exit code
 * @param out   stdout
 * @param err   stderr
 * @param plans what the launcher was asked to start (empty when the command failed first)
 */
record CliRun(int code, String out, String err, List<LaunchPlan> plans) {

    static CliRun run(Map<String, String> env, Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<LaunchPlan> plans = new ArrayList<>();
        Launcher fake = (plan, o, e) -> {
            plans.add(plan);
            return 0;
        };
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), cwd, fake);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), plans);
    }

    LaunchPlan plan() {
        assertThat(plans).as("launched once; stderr: %s", err).hasSize(1);
        return plans.get(0);
    }

    /** Asserts success: exit 0, nothing on stderr. */
    CliRun succeeds() {
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(err).isEmpty();
        return this;
    }

    /** Asserts a usage or runtime error: this exit code, nothing launched, exactly one line on stderr. */
    CliRun failsWith(int expectedCode) {
        assertThat(code).as("exit code; stderr: %s", err).isEqualTo(expectedCode);
        assertThat(plans).isEmpty();
        assertThat(err).endsWith("\n");
        assertThat(err.lines().count()).as("one line: %s", err).isEqualTo(1);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        return this;
    }

    /** Asserts that no output mentions any of the given secrets. */
    CliRun showsNone(String... secrets) {
        for (String s : secrets) {
            assertThat(out).doesNotContain(s);
            assertThat(err).doesNotContain(s);
            for (LaunchPlan p : plans) {
                assertThat(p.modeNote()).doesNotContain(s);
                assertThat(p.settings().toString()).doesNotContain(s);
            }
        }
        return this;
    }
}
