package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.checks.RestartCommand.Outcome;
import io.doorman.testkit.RecordingCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartCommandTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void splitsOnWhitespaceWithoutAShell() {
        RestartCommand c = RestartCommand.parse("  systemctl \t restart   doorman.service ");
        assertThat(c.argv()).containsExactly("systemctl", "restart", "doorman.service");
        assertThat(c.shown()).isEqualTo("systemctl restart doorman.service");
        assertThatThrownBy(() -> RestartCommand.parse("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty command");
    }

    @Test
    void runsWithItsArgumentsAndReportsTheExitStatus() {
        RecordingCommands rec = new RecordingCommands(dir);
        Path ok = rec.script("ok", "echo restarted");
        assertThat(RestartCommand.parse(ok + " a   b;c $HOME").run(LIMIT))
                .isEqualTo(new Outcome.Exited(0, "restarted"));
        // No shell: ';' and '$HOME' arrive as they were written.
        assertThat(rec.calls()).containsExactly("ok a b;c $HOME");
    }

    @Test
    void aFailingCommandKeepsOnlyItsLastLineShortened() {
        Path bad = new RecordingCommands(dir).script("bad",
                "i=0; while [ $i -lt 2000 ]; do echo \"noise line $i\"; i=$((i+1)); done;"
                        + " echo 'Job for x.service failed.' >&2; exit 4");
        Outcome o = RestartCommand.parse(bad.toString()).run(LIMIT);
        assertThat(o).isInstanceOfSatisfying(Outcome.Exited.class, e -> {
            assertThat(e.status()).isEqualTo(4);
            assertThat(e.lastLine()).doesNotContain("\n").hasSizeLessThanOrEqualTo(RestartCommand.SHOWN_CHARS + 3);
        });
    }

    @Test
    void aLongLineIsCut() {
        Path loud = new RecordingCommands(dir).script("loud", "printf '%0500d\\n' 7; exit 1");
        Outcome.Exited e = (Outcome.Exited) RestartCommand.parse(loud.toString()).run(LIMIT);
        assertThat(e.lastLine()).hasSize(RestartCommand.SHOWN_CHARS + 3).endsWith("...");
    }

    @Test
    void aCommandThatHangsIsKilledAtTheLimit() {
        Path hang = new RecordingCommands(dir).script("hang", "exec sleep 600");
        Outcome o = RestartCommand.parse(hang.toString()).run(Duration.ofMillis(300));
        assertThat(o).isInstanceOf(Outcome.TimedOut.class);
    }

    @Test
    void aMissingOrNonExecutableProgramIsNotStarted() throws Exception {
        assertThat(RestartCommand.parse(dir.resolve("nope") + " x").run(LIMIT))
                .isEqualTo(new Outcome.NotStarted("no program '" + dir.resolve("nope") + "' (give its full path, or check"
                        + " PATH)"));
        Path plain = java.nio.file.Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");
        assertThat(RestartCommand.parse(plain.toString()).run(LIMIT)).isInstanceOfSatisfying(Outcome.NotStarted.class,
                n -> assertThat(n.why()).contains("not executable"));
    }

    @Test
    void argvIsCopied() {
        assertThat(new RestartCommand(List.of("a")).argv()).containsExactly("a");
    }
}
