package io.doorman.checks;

/**
 * A check command that cannot run at all (PMS unreachable, the token refused): exit code 1 with this one-line
 * message, which never holds a token.
 */
public final class CouldNotRun extends Exception {
    private static final long serialVersionUID = 1L;

    public CouldNotRun(String message) {
        super(message, null, false, false);
    }
}
