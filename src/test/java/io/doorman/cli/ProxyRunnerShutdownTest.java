package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing shutdown step neither stops the ones after it nor goes unreported. */
class ProxyRunnerShutdownTest {

    @Test
    void everyStepRunsWhenOneCannotLoadAClass() {
        List<String> ran = new ArrayList<>();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProxyRunner.runEach(new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> ran.add("proxy"),
                () -> {
                    throw new NoClassDefFoundError("ch/qos/logback/core/LifeCycleManager");
                },
                () -> ran.add("metrics"),
                () -> {
                    throw new IllegalStateException("closed twice");
                },
                () -> ran.add("logging"));
        assertThat(ran).containsExactly("proxy", "metrics", "logging");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("LifeCycleManager").contains("closed twice");
    }
}
