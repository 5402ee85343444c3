package io.doorman.livetv;

import java.util.Locale;

/**
 * Narrows a client's {@code Accept-Encoding} for a request whose response Doorman may rewrite, so PMS answers
 * in an encoding Doorman can decode: gzip when the client accepts it, else identity. (The Go tool forced gzip
 * even for a client that asked for none; Doorman never sends a client an encoding it did not ask for.)
 */
public final class AcceptEncodings {

    private AcceptEncodings() {
    }

    /** {@code gzip} or {@code identity}, from the client's header value (null when absent). */
    public static String narrowed(String clientValue) {
        return acceptsGzip(clientValue) ? "gzip" : "identity";
    }

    /** Whether the header lists gzip (or x-gzip, or *) with a non-zero quality. */
    static boolean acceptsGzip(String value) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            String[] bits = part.split(";");
            String coding = bits[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            if (!zeroQuality(bits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean zeroQuality(String[] bits) {
        for (int i = 1; i < bits.length; i++) {
            String p = bits[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) <= 0.0;
                } catch (NumberFormatException e) {
                    return true; // a malformed quality is not a yes
                }
            }
        }
        return false;
    }
}
