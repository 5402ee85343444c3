package io.doorman.console.auth;

/** Whether an {@code /api/} request other than session, setup and login may go ahead, with the HTTP status. */
public sealed interface Authorization {

    /** The HTTP status for this outcome (200 to go ahead). */
    int status();

    /** Go ahead, as this session. */
    record Ok(ConsoleSession session) implements Authorization {
        @Override
        public int status() {
            return 200;
        }
    }

    /**
     * No live session: 401, except 403 for a state-changing method, which per the issue needs the session and
     * the CSRF header "else 403".
     */
    record NoSession(int status) implements Authorization {
        /** The error text. */
        public String message() {
            return "not logged in to the console";
        }
    }

    /** A state-changing request without the session's {@code X-CSRF-Token}: 403. */
    record BadCsrf() implements Authorization {
        @Override
        public int status() {
            return 403;
        }

        /** The error text. */
        public String message() {
            return "missing or wrong X-CSRF-Token header";
        }
    }
}
