package io.doorman.console.auth;

/** A new admin password breaks the length rule; names the field at fault and never quotes the password. */
public final class PasswordRuleException extends IllegalArgumentException {

    /** The API field the error is about. */
    public static final String FIELD = "password";

    public PasswordRuleException(String message) {
        super(message);
    }

    /** The API field at fault: {@value #FIELD}. */
    public String field() {
        return FIELD;
    }
}
