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
        if (s.contains("://")) {
            throw new IllegalArgumentException("address '" + s + "' is a URL; want host:port, like 127.0.0.1:33240");
        }
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("address '" + s + "' must look like [::1]:33240");
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
            if (IpLiteral.parseV6(host) == null) {
                throw new IllegalArgumentException("address '" + s + "' has a bad IPv6 address in brackets");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("address '" + s + "' has no port (want host:port)");
            }
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 address '" + s + "' must be in brackets, like [::1]:33240");
            }
            host = colon == 0 ? "0.0.0.0" : s.substring(0, colon);
            portText = s.substring(colon + 1);
            if (!isHostName(host)) {
                throw new IllegalArgumentException("address '" + s + "' has a bad host '" + host + "'");
            }
        }
        // Digits only: Integer.parseInt would also take "+80" and non-ASCII digits.
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("address '" + s + "' has a bad port '" + portText + "'");
        }
        int port = Integer.parseInt(portText);
        if (port > 65535) {
            throw new IllegalArgumentException("address '" + s + "' has port out of range 0-65535");
        }
        return new HostPort(host, port);
    }

    /** A DNS name or IPv4 literal: letters, digits, '-', '_' and '.'; anything else is a typo, not a host. */
    private static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address a client on this machine uses to reach this listener: loopback when it is bound to every
     * interface ({@code 0.0.0.0}, {@code ::}), else the listener itself.
     */
    public HostPort reachableLocally() {
        return switch (host) {
            case "0.0.0.0" -> new HostPort("127.0.0.1", port);
            case "::" -> new HostPort("::1", port);
            default -> this;
        };
    }

    /** A socket address; a host name is resolved now. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
