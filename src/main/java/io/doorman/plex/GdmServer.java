package io.doorman.plex;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One Plex Media Server that answered a GDM discovery: its friendly name, the address its answer came from
 * (an IP literal), the HTTP port it advertised, its version, its machine identifier (GDM's
 * {@code Resource-Identifier}) and, when it sent one, its {@code Updated-At} time.
 */
public record GdmServer(String name, String address, int port, String version, String machineIdentifier,
        Optional<Instant> updatedAt) {

    public GdmServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(machineIdentifier, "machineIdentifier");
        version = version == null ? "" : version;
        updatedAt = updatedAt == null ? Optional.empty() : updatedAt;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code http://address:port}, with brackets around an IPv6 address. */
    public String url() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return "http://" + host + ":" + port;
    }
}
