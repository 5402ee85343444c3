package io.doorman.console.auth;

/** The outcome of {@code POST /api/setup}, with the HTTP status the API answers. */
public sealed interface SetupOutcome {

    /** The HTTP status for this outcome. */
    int status();

    /** The admin now exists and is logged in. */
    record Ok(ConsoleSession session) implements SetupOutcome {
        @Override
        public int status() {
            return 200;
        }
    }

    /** The setup code is not the one printed on stdout (or was used). */
    record WrongCode() implements SetupOutcome {
        @Override
        public int status() {
            return 403;
        }

        /** The error text. */
        public String message() {
            return "the setup code is wrong: use the one Doorman printed on stdout (console setup code: ...)";
        }
    }

    /** The admin exists already: setup happens once. */
    record AlreadySetUp() implements SetupOutcome {
        @Override
        public int status() {
            return 409;
        }

        /** The error text. */
        public String message() {
            return "the console admin is already set up; log in instead";
        }
    }

    /** The password breaks the rule; {@code field} is {@code password}. */
    record BadPassword(String message) implements SetupOutcome {
        @Override
        public int status() {
            return 400;
        }

        /** The API field at fault. */
        public String field() {
            return PasswordRuleException.FIELD;
        }
    }
}
