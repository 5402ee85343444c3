package io.doorman.plex;

import java.util.List;

/**
 * One device plex.tv lists for an account ({@code GET /api/v2/resources}), with the connections it tells clients
 * to try.
 *
 * @param clientIdentifier for a server, its {@code /identity@machineIdentifier}
 * @param publicAddress    the server's WAN address as plex.tv sees it, empty when not sent
 */
public record PlexTvResource(String name, String clientIdentifier, String provides, String publicAddress,
        List<Connection> connections) {

    public PlexTvResource {
        connections = List.copyOf(connections);
    }

    /** One advertised way in: {@code uri} as clients use it, {@code local} and {@code relay} as plex.tv flags them. */
    public record Connection(String protocol, String address, int port, String uri, boolean local, boolean relay) {
    }
}
