package io.doorman.proxy;

import io.doorman.config.Cidr;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides which client address Doorman believes. Forwarded headers count only when the direct peer is a
 * trusted proxy; otherwise anyone could claim to be on the LAN. From a trusted peer: {@code CF-Connecting-IP}
 * when the closest forwarded hop is itself trusted (the local cloudflared path), else the rightmost
 * {@code X-Forwarded-For} entry that is not a trusted proxy, else {@code X-Real-IP}, else the peer.
 */
final class ClientAddressResolver {

    private final List<Cidr> trusted;

    ClientAddressResolver(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    boolean isTrusted(InetAddress peer) {
        return Cidr.anyContains(trusted, peer);
    }

    InetAddress resolve(InetAddress peer, boolean peerTrusted, HttpHeaders headers) {
        if (!peerTrusted) {
            return peer;
        }
        List<String> xff = headers.getAll(ForwardedHeaders.X_FORWARDED_FOR);
        InetAddress rightmost = null;
        InetAddress firstUntrusted = null;
        InetAddress leftmost = null;
        for (int v = xff.size() - 1; v >= 0 && firstUntrusted == null; v--) {
            String[] parts = xff.get(v).split(",");
            for (int i = parts.length - 1; i >= 0; i--) {
                InetAddress a = parseLiteral(parts[i]);
                if (a == null) {
                    continue;
                }
                if (rightmost == null) {
                    rightmost = a;
                }
                leftmost = a;
                if (!isTrusted(a)) {
                    firstUntrusted = a;
                    break;
                }
            }
        }
        String cf = headers.get(ForwardedHeaders.CF_CONNECTING_IP);
        if (cf != null && (rightmost == null || isTrusted(rightmost))) {
            InetAddress a = parseLiteral(cf);
            if (a != null) {
                return a;
            }
        }
        if (firstUntrusted != null) {
            return firstUntrusted;
        }
        if (leftmost != null) {
            return leftmost;
        }
        InetAddress real = parseLiteral(headers.get(ForwardedHeaders.X_REAL_IP));
        return real != null ? real : peer;
    }

    /** An IP literal, or null: never a DNS lookup. */
    static InetAddress parseLiteral(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty()) {
            return null;
        }
        return NetUtil.createInetAddressFromIpAddressString(t);
    }
}
