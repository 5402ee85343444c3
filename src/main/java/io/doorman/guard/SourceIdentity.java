package io.doorman.guard;

import io.doorman.config.Cidr;
import io.doorman.plex.PlexTokens;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the apparent source of a request (spec "Source identity and abuse blocking"): forwarded headers
 * are believed only from a loopback or trusted-proxy peer; then {@code CF-Connecting-IP} when the rightmost
 * {@code X-Forwarded-For} entry is absent or loopback, else that rightmost entry, else the peer.
 */
public final class SourceIdentity {

    /** Longer than any IP literal (45 chars); caps what a misbehaving proxy's garbage can cost us. */
    static final int MAX_KEY_LENGTH = 64;

    /**
     * The decision. {@code key} is the apparent source (canonical text for IP literals) and must never be
     * logged; {@code fingerprint} is what logs print. {@code cfConnectingIp}: headers were believed and a
     * non-empty {@code CF-Connecting-IP} came, whether or not it was chosen as the source.
     */
    public record Source(String key, String fingerprint, String remote, int forwardedForCount,
            boolean cfConnectingIp) {

        @Override
        public String toString() {
            // Keeps the raw key out of any accidental log of the record.
            return "Source[fingerprint=" + fingerprint + ", remote=" + remote + ", forwardedForCount="
                    + forwardedForCount + ", cfConnectingIp=" + cfConnectingIp + "]";
        }
    }

    private SourceIdentity() {
    }

    /**
     * @param peer the direct TCP peer
     * @param trustedProxies networks whose forwarded headers are believed (loopback always is)
     * @param forwardedFor every {@code X-Forwarded-For} value in arrival order, each possibly a comma list
     * @param cfConnectingIp the {@code CF-Connecting-IP} value, or null
     */
    public static Source resolve(InetAddress peer, List<Cidr> trustedProxies, List<String> forwardedFor,
            String cfConnectingIp) {
        String remote = format(peer);
        boolean trusted = peer.isLoopbackAddress() || Cidr.anyContains(trustedProxies, peer);
        if (!trusted) {
            return source(remote, remote, 0, false);
        }
        List<String> entries = new ArrayList<>();
        if (forwardedFor != null) {
            for (String value : forwardedFor) {
                if (value == null) {
                    continue;
                }
                for (String part : value.split(",", -1)) {
                    String t = part.trim();
                    if (!t.isEmpty()) {
                        entries.add(t);
                    }
                }
            }
        }
        String rightmost = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        String cf = cfConnectingIp == null ? "" : cfConnectingIp.trim();
        if (!cf.isEmpty() && (rightmost == null || isLoopback(rightmost))) {
            // Cloudflare Tunnel: cloudflared runs locally, so the nearest hop is loopback and CF says who.
            return source(canonical(cf), remote, entries.size(), true);
        }
        if (rightmost != null) {
            // The rightmost entry was appended by our trusted proxy; anything left of it is client-supplied.
            // cf_connecting_ip still reports the header's trusted presence, as the Go tool's lines do.
            return source(canonical(rightmost), remote, entries.size(), !cf.isEmpty());
        }
        return source(remote, remote, 0, false);
    }

    private static Source source(String key, String remote, int count, boolean cf) {
        return new Source(key, fingerprintOf(key), remote, count, cf);
    }

    private static boolean isLoopback(String entry) {
        InetAddress a = literal(entry);
        return a != null && a.isLoopbackAddress();
    }

    /** Canonical text for an IP literal so {@code ::1} and {@code 0:0::1} are one source; else capped text. */
    static String canonical(String text) {
        InetAddress a = literal(text);
        if (a != null) {
            return format(a);
        }
        return text.length() > MAX_KEY_LENGTH ? text.substring(0, MAX_KEY_LENGTH) : text;
    }

    /** An IP literal (brackets allowed, no zone, no prefix) or null; never a DNS lookup. */
    static InetAddress literal(String text) {
        String t = text.trim();
        if (t.length() > 2 && t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.indexOf('/') >= 0) {
            return null;
        }
        try {
            // Cidr.parse is the project's strict literal parser; a bare address is a full-length network.
            return InetAddress.getByAddress(Cidr.parse(t).network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    /** Go's net.IP text form: dotted quad, or RFC 5952 compressed lowercase IPv6 without a zone. */
    static String format(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Recent sources' fingerprints: the same few frontends and clients send nearly every request. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> FINGERPRINTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static String fingerprintOf(String key) {
        String fp = FINGERPRINTS.get(key);
        if (fp == null) {
            if (FINGERPRINTS.size() >= 4096) {
                FINGERPRINTS.clear(); // bounded: a flood of sources just recomputes
            }
            fp = PlexTokens.fingerprint(key);
            FINGERPRINTS.put(key, fp);
        }
        return fp;
    }
}
