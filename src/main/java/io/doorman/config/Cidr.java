package io.doorman.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** An IPv4 or IPv6 network in CIDR notation; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefixLength, String text) {

    /** Loopback networks, the default set of trusted proxies. */
    public static final List<Cidr> LOOPBACK = parseList("127.0.0.0/8,::1/128");

    /** RFC 1918, loopback, link-local and CGNAT (RFC 6598): networks counted as local by default. */
    public static final List<Cidr> DEFAULT_LAN = parseList(
            "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8,169.254.0.0/16,100.64.0.0/10,"
                    + "::1/128,fe80::/10,fc00::/7");

    public Cidr {
        // A record hands out its array; copies keep a parsed network immutable.
        network = network.clone();
    }

    /** The masked network address bytes (a copy). */
    @Override
    public byte[] network() {
        return network.clone();
    }

    /**
     * Parses {@code 192.168.0.0/16}, {@code fd00::/8} or a bare address.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Cidr parse(String value) {
        String s = value == null ? "" : value.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty network");
        }
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = IpLiteral.parse(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + s + "' is not an IP network like 192.168.0.0/16");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + s + "' has a bad prefix length");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("'" + s + "' has prefix length out of range 0-" + max);
            }
        }
        // Peers arrive as Inet4Address even when written ::ffff:a.b.c.d, so store such networks as IPv4.
        if (IpLiteral.isV4Mapped(bytes) && prefix >= 96) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            bytes = v4;
            prefix -= 96;
        }
        return new Cidr(mask(bytes, prefix), prefix, s);
    }

    /** Parses a comma- or space-separated list; an empty string or {@code none} gives an empty list. */
    public static List<Cidr> parseList(String csv) {
        List<Cidr> out = new ArrayList<>();
        if (csv == null || csv.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        for (String part : csv.split("[,\\s]+")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return List.copyOf(out);
    }

    /** Whether the address lies inside this network (IPv4-mapped IPv6 addresses match IPv4 networks). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (network.length == 4 && IpLiteral.isV4Mapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (network[full] & m);
    }

    /** Whether any network in the list contains the address. */
    public static boolean anyContains(List<Cidr> networks, InetAddress address) {
        for (Cidr c : networks) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & ((0xFF << (8 - bits)) & 0xFF));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
