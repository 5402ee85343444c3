package io.doorman.proxy;

import java.net.URI;

/**
 * Where requests for some host names go, and how.
 *
 * @param name             what logs and policies call the route ({@code default} when there are no hosts)
 * @param upstream         the PMS, {@code http://} or {@code https://} with host and port
 * @param upstreamInsecure accept any certificate from an https upstream
 * @param forwarding       how the client's address reaches the upstream
 * @param webSockets       whether WebSocket upgrades pass (refused with 403 when not)
 * @param policyTag        what the policies know this route by; the engine never looks at it (may be null)
 */
public record Route(String name, URI upstream, boolean upstreamInsecure, Forwarding forwarding, boolean webSockets,
        Object policyTag) {

    /** How the client's address reaches the upstream in {@code X-Forwarded-For}. */
    public enum Forwarding {
        /**
         * The incoming list from a trusted peer, with the peer appended (the Go tool's behaviour, which
         * {@code plex-label-proxy} keeps).
         */
        APPEND,
        /**
         * Exactly one entry, the client address Doorman resolved: PMS honours the header only from a private peer
         * and which entry of a list it takes is unknown, so Plex Mode leaves it nothing to choose.
         */
        SINGLE,
        /** No client address at all: the user turned it off, and PMS then sees only Doorman. */
        NONE
    }

    public Route {
        if (upstream == null || upstream.getHost() == null) {
            throw new IllegalArgumentException("route " + name + ": the upstream needs a host");
        }
        if (forwarding == null) {
            throw new IllegalArgumentException("route " + name + ": forwarding missing");
        }
    }

    /** The upstream's {@code host:port} as a {@code Host} header names it. */
    String authority() {
        return upstream.getRawAuthority();
    }

    /** Whether two routes can share upstream connections: same server, same trust. */
    boolean sameUpstream(Route other) {
        return upstream.equals(other.upstream) && upstreamInsecure == other.upstreamInsecure;
    }
}
