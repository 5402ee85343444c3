package io.doorman.checks;

import io.doorman.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * How Plex sorts an address for the Local/Remote decision (plex-api.md section 2): loopback, private
 * (RFC 1918, link-local, IPv6 ULA), Tailscale/CGNAT {@code 100.64.0.0/10} (its treatment by PMS is unknown), or public.
 */
public enum NetworkKind {
    LOOPBACK, PRIVATE, CGNAT, PUBLIC;

    static final Cidr CGNAT_RANGE = Cidr.parse("100.64.0.0/10");
    private static final List<Cidr> PRIVATE_RANGES = Cidr.parseList(
            "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,fe80::/10,fc00::/7");

    public static NetworkKind of(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (Cidr.anyContains(PRIVATE_RANGES, a)) {
            return PRIVATE;
        }
        return CGNAT_RANGE.contains(a) ? CGNAT : PUBLIC;
    }

    /** An IP literal as an address, or null for anything else (a host name is never looked up here). */
    public static InetAddress literal(String text) {
        if (text == null || text.isBlank() || text.contains("/")) {
            return null;
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            return InetAddress.getByAddress(Cidr.parse(s).network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }
}
