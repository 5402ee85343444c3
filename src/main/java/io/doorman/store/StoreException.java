package io.doorman.store;

/**
 * The embedded store cannot be opened or used; the message names the database file and says what to do.
 * Messages never quote stored values (SQL parameters are bound, so SQLite's messages do not contain them).
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
