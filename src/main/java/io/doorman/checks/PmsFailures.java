package io.doorman.checks;

import io.doorman.plex.PmsClient.PmsCallException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/** One line for a failed call to PMS, saying what a person can do; never the request target (it holds the token). */
public final class PmsFailures {

    private PmsFailures() {
    }

    /** The innermost cause worth naming, past the future wrappers. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether PMS answered at all (as opposed to a network failure). */
    public static boolean answered(Throwable t) {
        return unwrap(t) instanceof PmsCallException;
    }

    /** @param what what was asked, e.g. {@code reading /:/prefs} */
    public static String describe(Throwable failure, URI pms, String what) {
        Throwable t = unwrap(failure);
        String at = "PMS at " + pms;
        if (t instanceof PmsCallException e) {
            String m = e.getMessage();
            if (m.endsWith(" 401") || m.endsWith(" 403")) {
                return at + " refused the token (HTTP " + m.substring(m.length() - 3) + ") when " + what
                        + ": use the server owner's token (PlexOnlineToken in PMS's Preferences.xml)";
            }
            return at + ": " + m + " when " + what;
        }
        if (t instanceof HttpConnectTimeoutException) {
            return "cannot reach " + at + ": connect timed out (is PMS running, and is --pms-url right?)";
        }
        if (t instanceof HttpTimeoutException) {
            return at + " did not answer in time when " + what;
        }
        if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                || t.getCause() instanceof UnresolvedAddressException) {
            return "cannot reach " + at + ": connection refused or host unknown (is PMS running, and is --pms-url right?)";
        }
        if (t instanceof SSLException) {
            return "cannot talk TLS to " + at + ": " + t.getClass().getSimpleName()
                    + " (for PMS's own plex.direct certificate set upstream-insecure, or give upstream-ca)";
        }
        return "cannot reach " + at + ": " + t.getClass().getSimpleName();
    }
}
