package io.doorman.prefs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address clients use to reach Plex through the front door, e.g. {@code https://media.example.com}.
 * Plex assumes port 32400 for a URL without one, so what Doorman publishes always names its port.
 */
public record PublicUrl(String scheme, String host, int port) {

    /**
     * @throws IllegalArgumentException with a message a person can act on, for anything but an http(s) URL
     *     with a host and no path, query or credentials
     */
    public static PublicUrl parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("public URL is empty (expected e.g. https://media.example.com)");
        }
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("public URL '" + t + "' is not a URL (expected e.g. https://media.example.com)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("public URL '" + t + "' must start with https:// (or http://)");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("public URL '" + t + "' has no host name");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("public URL '" + t + "' must not carry a user name or password");
        }
        if ((u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("public URL '" + t + "' must be scheme, host and port only (Plex "
                    + "serves from the root)");
        }
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
