package io.doorman.proxy;

/** A listener could not start; the message is one line fit for the user (no stack trace needed). */
public class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
