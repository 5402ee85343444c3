package io.doorman.frontends;

import java.util.List;

/** The client addresses that count as the LAN for seed 000's public Host guard, as Caddy and nginx list them. */
final class LanRanges {

    /** RFC 1918, Tailscale's (and carriers') 100.64.0.0/10, loopback, IPv6 loopback and unique local addresses. */
    static final List<String> CIDRS = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
            "127.0.0.0/8", "::1/128", "fc00::/7");

    /** The same in words, for the comment beside a guard. */
    static final String IN_WORDS = "private IPv4, Tailscale's 100.64.0.0/10, loopback and IPv6 unique local"
            + " addresses";

    private LanRanges() {
    }
}
