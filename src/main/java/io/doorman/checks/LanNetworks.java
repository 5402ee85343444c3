package io.doorman.checks;

import io.doorman.config.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * PMS's {@code LanNetworksBandwidth} read as networks: entries are {@code 192.168.1.0/24} or
 * {@code 192.168.1.0/255.255.255.0} (both seen in the wild), comma separated; those neither form are kept apart.
 */
record LanNetworks(List<Cidr> networks, List<String> unreadable) {

    static LanNetworks parse(String value) {
        List<Cidr> nets = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String raw : value == null ? new String[0] : value.split(",")) {
            String e = raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            try {
                nets.add(Cidr.parse(withPrefix(e)));
            } catch (IllegalArgumentException ex) {
                bad.add(e);
            }
        }
        return new LanNetworks(List.copyOf(nets), List.copyOf(bad));
    }

    boolean contains(InetAddress a) {
        return Cidr.anyContains(networks, a);
    }

    /** {@code a.b.c.d/255.255.255.0} as {@code a.b.c.d/24}; anything else unchanged. */
    private static String withPrefix(String entry) {
        int slash = entry.indexOf('/');
        if (slash < 0 || !entry.substring(slash + 1).contains(".")) {
            return entry;
        }
        InetAddress mask = NetworkKind.literal(entry.substring(slash + 1));
        if (mask == null || mask.getAddress().length != 4) {
            throw new IllegalArgumentException("bad netmask");
        }
        int bits = 0;
        boolean ended = false;
        for (byte b : mask.getAddress()) {
            for (int i = 7; i >= 0; i--) {
                boolean one = ((b >> i) & 1) == 1;
                if (one && ended) {
                    throw new IllegalArgumentException("netmask with holes");
                }
                if (one) {
                    bits++;
                } else {
                    ended = true;
                }
            }
        }
        return entry.substring(0, slash) + "/" + bits;
    }
}
