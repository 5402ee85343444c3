package io.doorman.cli;

import java.io.PrintStream;

/** Starts the proxy for a resolved plan and returns the exit code; tests substitute a fake. */
@FunctionalInterface
public interface Launcher {
    int launch(LaunchPlan plan, PrintStream out, PrintStream err);
}
