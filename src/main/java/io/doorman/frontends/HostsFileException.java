package io.doorman.frontends;

/** {@code hosts.yaml} cannot be read or used; the message names the file and, where known, the line. */
public final class HostsFileException extends Exception {

    public HostsFileException(String message) {
        super(message);
    }

    public HostsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
