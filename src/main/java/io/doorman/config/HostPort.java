package io.doorman.config;

import java.net.InetSocketAddress;

/** A listen or connect address: host (name, IPv4 literal or IPv6 literal without brackets) and port. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("missing host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port} or {@code :port} (all interfaces, as Go's net package).
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String s = text.trim();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("address '" + text + "' must look like [::1]:33240");
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("address '" + text + "' has no port (want host:port)");
            }
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 address '" + text + "' must be in brackets, like [::1]:33240");
            }
            host = colon == 0 ? "0.0.0.0" : s.substring(0, colon);
            portText = s.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + text + "' has a bad port '" + portText + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address '" + text + "' has port out of range 0-65535");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("address '" + text + "' has no host");
        }
        return new HostPort(host, port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
