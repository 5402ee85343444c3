package io.doorman.guard;

import io.doorman.proxy.ClientSightingSink;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Doorman's view of each Plex client: the address it believed for the client's last request (forwarded headers
 * only from trusted proxies) and whether that is inside the LAN networks. The doctor and the console put it beside
 * what PMS says of the same client ({@code /status/sessions}'s {@code Player@machineIdentifier}). Bounded: the
 * least recently seen client is forgotten first. Nothing else of the request is kept, so no token either.
 */
public final class ClientSightings implements ClientSightingSink {

    /** One client as Doorman last saw it. */
    public record Sighting(String clientIdentifier, String address, boolean lan, Instant lastSeen, String product) {
    }

    static final int MAX_CLIENTS = 1024;
    static final int MAX_PRODUCT_LENGTH = 64;
    /** Client identifiers are UUIDs or short slugs; anything else is not worth keeping (or showing). */
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Clock clock;
    private final Map<String, Sighting> byId = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sighting> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public ClientSightings(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void sighted(String clientIdentifier, String product, InetAddress client, boolean lan) {
        if (clientIdentifier == null || !PLAUSIBLE.matcher(clientIdentifier).matches()) {
            return;
        }
        Sighting s = new Sighting(clientIdentifier, client == null ? "" : client.getHostAddress(), lan,
                clock.instant(), product == null || product.length() > MAX_PRODUCT_LENGTH ? null : product);
        synchronized (byId) {
            byId.put(clientIdentifier, s);
        }
    }

    /** Every client remembered, the most recently seen first. */
    public List<Sighting> recent() {
        List<Sighting> out;
        synchronized (byId) {
            out = new ArrayList<>(byId.values());
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
