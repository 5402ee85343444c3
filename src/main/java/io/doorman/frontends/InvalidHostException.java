package io.doorman.frontends;

/** A host value that breaks a rule; {@link #field()} names the field, as the CLI flag and the API's JSON key do. */
public final class InvalidHostException extends IllegalArgumentException {

    private final String field;

    public InvalidHostException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The host field at fault: {@code name}, {@code domains}, {@code port}, {@code upstream}, ... */
    public String field() {
        return field;
    }
}
