package io.doorman.prefs;

import io.doorman.config.ValueParsers;
import java.net.URI;
import java.util.Locale;

/**
 * The address clients use to reach Plex through the front door, e.g. {@code https://media.example.com}.
 * Plex assumes port 32400 for a URL without one, so what Doorman publishes always names its port.
 */
public record PublicUrl(String scheme, String host, int port) {

    /**
     * Checked as the upstream URL is (http or https, a host, optional port, nothing after it).
     *
     * @throws IllegalArgumentException {@code public URL: <reason>}, never echoing the text (a mistaken value
     *     may carry a password or a token)
     */
    public static PublicUrl parse(String text) {
        URI u;
        try {
            u = ValueParsers.upstreamUrl(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public URL: " + e.getMessage()
                    + " (expected e.g. https://media.example.com)");
        }
        String scheme = u.getScheme();
        int port = u.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : u.getPort();
        return new PublicUrl(scheme, u.getHost().toLowerCase(Locale.ROOT), port);
    }

    /** The {@code customConnections} form: scheme, host and always the port ({@code https://media.example.com:443}). */
    public String withExplicitPort() {
        return scheme + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return withExplicitPort();
    }
}
