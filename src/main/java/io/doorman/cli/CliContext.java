package io.doorman.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process around a command: its environment, streams and working directory, passed in so commands
 * can be run in tests without touching the real process.
 */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err, Path cwd, Launcher launcher) {
}
