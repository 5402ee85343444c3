package io.doorman.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.doorman.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.LoggerFactory;

/**
 * Points the {@code doorman.access} logger where {@code --access-log} says: {@code stdout} keeps
 * logback.xml's console appender, {@code off} silences it, a path gets an asynchronous file appender.
 */
final class AccessLogSetup {

    static final String LOGGER = "doorman.access";

    private AccessLogSetup() {
    }

    /** Applies to the process's Logback context; does nothing when SLF4J is bound to something else. */
    static void apply(String destination) throws ConfigException {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            apply(destination, ctx);
        }
    }

    static void apply(String destination, LoggerContext ctx) throws ConfigException {
        Logger logger = ctx.getLogger(LOGGER);
        if (destination.equals("stdout")) {
            return;
        }
        if (destination.equals("off")) {
            logger.setLevel(Level.OFF);
            return;
        }
        Path file = Path.of(destination);
        checkWritable(file);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%msg%n");
        encoder.start();

        FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
        fileAppender.setContext(ctx);
        fileAppender.setName("access-file");
        fileAppender.setFile(file.toString());
        fileAppender.setAppend(true);
        fileAppender.setEncoder(encoder);
        fileAppender.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(ctx);
        async.setName("access-async");
        async.setQueueSize(8192);
        // The engine already logs from its own writer thread and counts the lines it drops when that thread
        // falls behind; blocking here (rather than dropping silently) lets those drops show in the metrics.
        // Threshold 0: the default would discard INFO lines, i.e. every access line, at 80% full.
        async.setNeverBlock(false);
        async.setDiscardingThreshold(0);
        async.addAppender(fileAppender);
        async.start();

        logger.detachAndStopAllAppenders();
        logger.addAppender(async);
        logger.setAdditive(false);
        if (logger.getLevel() == null || !logger.isInfoEnabled()) {
            logger.setLevel(Level.INFO);
        }
    }

    /** Logback only reports an unwritable file to its status log; the user should hear about it at start. */
    private static void checkWritable(Path file) throws ConfigException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream probe = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            probe.close(); // opened for append and closed: Logback will be able to write it
        } catch (IOException | SecurityException e) {
            throw ConfigException.unusable("access log: cannot write '" + file + "': " + reason(e));
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName();
    }
}
