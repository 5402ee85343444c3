package io.doorman.config;

/** A setting names a file that is well formed as a path but cannot be read: a runtime problem, exit 1. */
public final class UnreadableFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnreadableFileException(String message) {
        super(message);
    }
}
