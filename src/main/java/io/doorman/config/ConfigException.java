package io.doorman.config;

/**
 * A setting that cannot be used, with a one-line message fit for the user (it names the flag, variable or
 * file key; never a secret) and the process exit code: {@link #USAGE} for malformed input, {@link #UNUSABLE}
 * for input that is well formed but cannot be used (missing file, missing required value).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Exit code for a malformed command line, variable or config file. */
    public static final int USAGE = 2;
    /** Exit code for a runtime problem: unreadable file, missing required value. */
    public static final int UNUSABLE = 1;

    private final int exitCode;

    private ConfigException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Malformed input: exit 2. */
    public static ConfigException usage(String message) {
        return new ConfigException(message, USAGE);
    }

    /** Well-formed but unusable input: exit 1. */
    public static ConfigException unusable(String message) {
        return new ConfigException(message, UNUSABLE);
    }

    public int exitCode() {
        return exitCode;
    }
}
