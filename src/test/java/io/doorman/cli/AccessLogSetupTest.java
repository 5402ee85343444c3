package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.doorman.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses private Logback contexts so the process-wide logging of other tests is left alone. */
class AccessLogSetupTest {

    @TempDir
    Path dir;

    @Test
    void offSilencesTheAccessLogger() throws Exception {
        LoggerContext ctx = new LoggerContext();
        AccessLogSetup.apply("off", ctx);
        assertThat(ctx.getLogger(AccessLogSetup.LOGGER).isInfoEnabled()).isFalse();
        assertThat(ctx.getLogger(AccessLogSetup.LOGGER).getLevel()).isEqualTo(Level.OFF);
    }

    @Test
    void stdoutLeavesLogbackXmlInCharge() throws Exception {
        LoggerContext ctx = new LoggerContext();
        AccessLogSetup.apply("stdout", ctx);
        Logger logger = ctx.getLogger(AccessLogSetup.LOGGER);
        assertThat(logger.getLevel()).isNull();
        assertThat(logger.iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void fileGetsOneLinePerEventAndCreatesItsDirectory() throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // SLF4J's binding does this for the process's context
        Path file = dir.resolve("logs/access.log");
        AccessLogSetup.apply(file.toString(), ctx);
        Logger logger = ctx.getLogger(AccessLogSetup.LOGGER);
        logger.info("first line");
        logger.info("second line");
        assertThat(logger.isAdditive()).isFalse();
        ctx.stop(); // flushes the asynchronous appender
        assertThat(Files.readAllLines(file)).containsExactly("first line", "second line");
    }

    @Test
    void unwritableFileIsARuntimeErrorAtStart() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain"), "x");
        LoggerContext ctx = new LoggerContext();
        assertThatThrownBy(() -> AccessLogSetup.apply(notADir.resolve("access.log").toString(), ctx))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("access log: cannot write '" + notADir.resolve("access.log") + "'")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(1);
    }
}
