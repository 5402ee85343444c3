package io.doorman.frontends;

import java.util.Locale;
import java.util.Optional;

/**
 * One of a Caddy server's {@code listen} addresses ({@code [network/]host:port[-port]}, e.g. {@code :443},
 * {@code 127.0.0.1:8443}, {@code tcp/[::1]:443}), as far as Doorman needs it: which TCP ports, on which host.
 *
 * @param host the host without brackets; empty for every interface
 * @param low  the first port
 * @param high the last port (the same as {@code low} unless a range)
 */
record CaddyListen(String host, int low, int high) {

    /** The address parsed, or empty for what is not a TCP address (unix sockets, UDP, anything unreadable). */
    static Optional<CaddyListen> parse(String address) {
        String a = address.strip();
        int slash = a.indexOf('/');
        if (slash >= 0) {
            String network = a.substring(0, slash).toLowerCase(Locale.ROOT);
            if (!network.startsWith("tcp")) {
                return Optional.empty();
            }
            a = a.substring(slash + 1);
        }
        int colon = a.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String ports = a.substring(colon + 1);
        int dash = ports.indexOf('-');
        try {
            int low = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
            int high = dash < 0 ? low : Integer.parseInt(ports.substring(dash + 1));
            return low < 1 || high < low || high > 65535 ? Optional.empty()
                    : Optional.of(new CaddyListen(host, low, high));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean everyInterface() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    boolean hasPort(int port) {
        return port >= low && port <= high;
    }

    /** Whether both take the same connections: a port in common, on the same host or on every interface. */
    boolean overlaps(CaddyListen other) {
        boolean ports = low <= other.high && other.low <= high;
        return ports && (everyInterface() || other.everyInterface() || host.equalsIgnoreCase(other.host));
    }

    /** Where a local probe connects to reach this listener. */
    String probeHost() {
        return everyInterface() ? "127.0.0.1" : host;
    }
}
