package io.doorman.guard;

import io.doorman.proxy.ExchangeListener;
import io.doorman.proxy.RequestHead;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * least recently seen client is forgotten first.
 */
public final class ClientSightings implements ExchangeListener {

    /** One client as Doorman last saw it. */
    public record Sighting(String clientIdentifier, String address, boolean lan, Instant lastSeen, String product) {
    }

    static final int MAX_CLIENTS = 1024;
    private static final String ID_PARAM = "X-Plex-Client-Identifier";
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
    public void onComplete(RequestHead request, Object attachment, ExchangeOutcome outcome) {
        String id = clientIdentifier(request);
        if (id == null || !PLAUSIBLE.matcher(id).matches()) {
            return;
        }
        InetAddress client = request.client();
        String product = request.header("X-Plex-Product");
        Sighting s = new Sighting(id, client == null ? "" : client.getHostAddress(), request.local(), clock.instant(),
                product == null || product.length() > 64 ? null : product);
        synchronized (byId) {
            byId.put(id, s);
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

    /** The {@code X-Plex-Client-Identifier} header, else the query parameter (Plex Web sends it there). */
    static String clientIdentifier(RequestHead r) {
        String h = r.header(ID_PARAM);
        if (h != null) {
            return h.strip();
        }
        String q = r.rawQuery();
        if (q.isEmpty() || !q.contains(ID_PARAM)) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith(ID_PARAM + "=")) {
                try {
                    return URLDecoder.decode(pair.substring(ID_PARAM.length() + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
