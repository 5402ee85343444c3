package io.doorman.frontends;

import io.doorman.config.HostPort;

/** Doorman's address as a frontend's upstream writes it. */
final class DoormanUpstream {

    private DoormanUpstream() {
    }

    /** {@code host:port}, an IPv6 literal in brackets; port 0 (any free port) is no address to forward to. */
    static String authority(HostPort doorman) {
        if (doorman.port() == 0) {
            throw new IllegalArgumentException("doorman: port 0 is not an address a frontend can forward to");
        }
        return YamlScalar.authority(doorman);
    }
}
