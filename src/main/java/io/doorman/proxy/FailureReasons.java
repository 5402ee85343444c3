package io.doorman.proxy;

/** Short, user-facing text for why a connection failed: the root cause's message, without noise. */
final class FailureReasons {

    private FailureReasons() {
    }

    static String of(Throwable cause) {
        if (cause == null) {
            return "connection closed";
        }
        Throwable c = cause;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        String s = m == null ? c.getClass().getSimpleName() : m;
        int nativePrefix = s.lastIndexOf("): "); // epoll: "finishConnect(..) failed with error(-111): Connection refused"
        if (nativePrefix >= 0) {
            s = s.substring(nativePrefix + 3);
        }
        int colon = s.indexOf(": /");
        return colon > 0 ? s.substring(0, colon) : s;
    }
}
