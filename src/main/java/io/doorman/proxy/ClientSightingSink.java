package io.doorman.proxy;

import java.net.InetAddress;

/**
 * Told, when a request that names its Plex client has finished, who the client said it was and where Doorman
 * believed it to be. Narrower than an {@link ExchangeListener} on purpose: the engine reads the two values while
 * it scans the head anyway, so installing a sink keeps the pass-through fast path. Called on the I/O thread:
 * keep it quick.
 */
@FunctionalInterface
public interface ClientSightingSink {

    /** Records nothing. */
    ClientSightingSink NONE = (clientIdentifier, product, client, lan) -> { };

    /**
     * @param clientIdentifier the {@code X-Plex-Client-Identifier} header, stripped, else the query parameter of that
     *                         name, URL-decoded; as the client sent it, so not necessarily plausible
     * @param product          the {@code X-Plex-Product} header, or null
     * @param client           the client address Doorman believed (forwarded headers only from trusted proxies)
     * @param lan              whether {@code client} is inside the configured LAN networks
     */
    void sighted(String clientIdentifier, String product, InetAddress client, boolean lan);
}
