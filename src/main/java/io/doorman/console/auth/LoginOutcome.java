package io.doorman.console.auth;

/** The outcome of {@code POST /api/login}, with the HTTP status the API answers. */
public sealed interface LoginOutcome {

    /** The HTTP status for this outcome. */
    int status();

    /** Logged in. */
    record Ok(ConsoleSession session) implements LoginOutcome {
        @Override
        public int status() {
            return 200;
        }
    }

    /** Wrong password (also when no admin exists yet). */
    record Wrong() implements LoginOutcome {
        @Override
        public int status() {
            return 401;
        }

        /** The error text. */
        public String message() {
            return "wrong password";
        }
    }

    /** Too many bad passwords from this address; the answer carries {@code Retry-After} seconds. */
    record Throttled(long retryAfterSeconds) implements LoginOutcome {
        @Override
        public int status() {
            return 429;
        }

        /** The error text. */
        public String message() {
            return "too many wrong passwords from this address; try again in " + retryAfterSeconds + " s";
        }
    }
}
