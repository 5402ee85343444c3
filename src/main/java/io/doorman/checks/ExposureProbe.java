package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Whether direct PMS (:32400) and the proxy port answer on this machine's own non-loopback addresses: open on a
 * public address fails, open on a private (LAN) one warns, closed everywhere passes. It probes only this machine's
 * own addresses, from this machine — so traffic goes over the loopback interface, and a host firewall that accepts
 * {@code lo} before dropping outsiders does not show here: the result says what listens, a firewall may still
 * hide it. Check ids: {@code exposure.<port id>}, e.g. {@code exposure.pms}, {@code exposure.proxy}.
 */
public final class ExposureProbe {

    /** A port to probe: its check id suffix, what listens on it, and its number. */
    public record Port(String id, String what, int port) {

        public static Port pms(int port) {
            return new Port("pms", "direct PMS", port);
        }

        public static Port proxy(int port) {
            return new Port("proxy", "the Doorman proxy port", port);
        }
    }

    private static final String NFT_FIX = "firewall it (runbook nftables: iif lo accept; ip saddr <your LAN> tcp dport"
            + " { 32400, 33240 } accept; tcp dport { 32400, 33240 } drop) or make it listen on 127.0.0.1 only;"
            + " if a firewall already drops it, confirm from outside your network";

    private ExposureProbe() {
    }

    /** This machine's own addresses on interfaces that are up, loopback left out (IPv6 link-local with its scope). */
    public static List<InetAddress> ownAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of(); // no interface list: nothing we could probe
        }
        return List.copyOf(out);
    }

    /**
     * The default "is public" test: not loopback, site-local (10/8, 172.16/12, 192.168/16), link-local, CGNAT
     * (100.64/10, RFC 6598), unique-local IPv6 (fc00::/7, RFC 4193), wildcard or multicast.
     */
    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
        }
        return !(a instanceof Inet6Address) || (b[0] & 0xfe) != 0xfc;
    }

    /**
     * One check per port, in the given order: connects to every address on it, all at once, each bounded by
     * {@code connectTimeout}.
     *
     * @param addresses what to probe, normally {@link #ownAddresses()}
     * @param isPublic  tells a public address from a private one, normally {@link #isPublic(InetAddress)}
     */
    public static List<Check> probe(List<InetAddress> addresses, List<Port> ports, Duration connectTimeout,
            Predicate<InetAddress> isPublic) {
        List<Check> out = new ArrayList<>();
        if (addresses.isEmpty()) {
            for (Port p : ports) {
                out.add(Check.skip(checkId(p), "this machine has no non-loopback address to probe"));
            }
            return out;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<List<Future<Boolean>>> open = new ArrayList<>();
            for (Port p : ports) {
                List<Future<Boolean>> perAddress = new ArrayList<>();
                for (InetAddress a : addresses) {
                    perAddress.add(pool.submit(() -> accepts(a, p.port(), connectTimeout)));
                }
                open.add(perAddress);
            }
            for (int i = 0; i < ports.size(); i++) {
                out.add(verdict(ports.get(i), addresses, open.get(i), connectTimeout, isPublic));
            }
        }
        return out;
    }

    public static String checkId(Port p) {
        return "exposure." + p.id();
    }

    private static Check verdict(Port p, List<InetAddress> addresses, List<Future<Boolean>> open,
            Duration connectTimeout, Predicate<InetAddress> isPublic) {
        List<String> publicOpen = new ArrayList<>();
        List<String> privateOpen = new ArrayList<>();
        for (int j = 0; j < addresses.size(); j++) {
            if (result(open.get(j), connectTimeout)) {
                InetAddress a = addresses.get(j);
                (isPublic.test(a) ? publicOpen : privateOpen).add(shown(a));
            }
        }
        String what = p.what() + " (port " + p.port() + ")";
        if (!publicOpen.isEmpty()) {
            return Check.fail(checkId(p), what + " accepts connections on public address "
                    + String.join(", ", publicOpen), NFT_FIX);
        }
        if (!privateOpen.isEmpty()) {
            return Check.warn(checkId(p), what + " accepts connections on " + String.join(", ", privateOpen)
                    + ": reachable from your LAN; fine unless your router forwards it",
                    "do not forward port " + p.port() + " on your router; only the HTTPS frontend's port");
        }
        return Check.pass(checkId(p), what + " is closed on this machine's " + addresses.size() + " non-loopback"
                + " address" + (addresses.size() == 1 ? "" : "es"));
    }

    private static boolean result(Future<Boolean> f, Duration connectTimeout) {
        try {
            return f.get(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false; // a connect that did not finish did not connect
        }
    }

    private static boolean accepts(InetAddress a, int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a, port), (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String shown(InetAddress a) {
        String h = a.getHostAddress();
        return a instanceof Inet6Address ? "[" + h + "]" : h;
    }
}
