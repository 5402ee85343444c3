package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.plex.PlexTvResource;
import io.doorman.plex.PlexTvResource.Connection;
import io.doorman.prefs.PublicUrl;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What plex.tv tells clients about this server, as pure reasoning: a {@code plex.direct} connection on a public
 * address or a relay connection is a way in that skips Doorman (the runbook's bypasses); the custom URL must be
 * among the connections.
 */
public final class ResourceFindings {

    static final String SERVER = "plextv.server";
    static final String DIRECT = "plextv.direct-bypass";
    static final String RELAY = "plextv.relay";
    static final String CUSTOM_URL = "plextv.custom-url";
    static final List<String> IDS = List.of(SERVER, DIRECT, RELAY, CUSTOM_URL);

    private ResourceFindings() {
    }

    /** @param publicUrl the front door, or null when none is set */
    public static List<Check> checks(List<PlexTvResource> resources, String machineIdentifier, PublicUrl publicUrl) {
        Optional<PlexTvResource> found = resources.stream()
                .filter(r -> r.clientIdentifier().equals(machineIdentifier)).findFirst();
        if (found.isEmpty()) {
            String why = "not checked: plex.tv lists no server " + machineIdentifier + " for this account";
            return List.of(Check.fail(SERVER, "plex.tv lists no server with machineIdentifier " + machineIdentifier
                            + " for the owner's account (" + resources.size() + " resources)",
                            "sign PMS in to plex.tv with the owner's account (Plex Web: Settings > General) and check"
                                    + " that the owner token is that account's"),
                    Check.skip(DIRECT, why), Check.skip(RELAY, why), Check.skip(CUSTOM_URL, why));
        }
        PlexTvResource r = found.get();
        List<Connection> direct = r.connections().stream().filter(ResourceFindings::isPublicPlexDirect).toList();
        List<Connection> relays = r.connections().stream().filter(Connection::relay).toList();
        return List.of(
                Check.pass(SERVER, "plex.tv lists " + (r.name().isEmpty() ? machineIdentifier : r.name()) + " with "
                        + r.connections().size() + " connection(s)"),
                direct.isEmpty() ? Check.pass(DIRECT, "no plex.direct connection on a public address")
                        : Check.fail(DIRECT, "plex.tv advertises " + uris(direct) + ", a direct path to PMS that skips"
                                + " Doorman", "turn Remote Access and manual port mapping off, close the port on the"
                                + " router, then re-run the doctor"),
                relays.isEmpty() ? Check.pass(RELAY, "no relay connection advertised")
                        : Check.fail(RELAY, "plex.tv advertises the relay " + uris(relays) + ", which skips Doorman",
                                "turn Relay off: 'doorman prefs enforce' (RelayEnabled=0)"),
                customUrl(r, publicUrl));
    }

    private static Check customUrl(PlexTvResource r, PublicUrl url) {
        if (url == null) {
            return Check.skip(CUSTOM_URL, "not checked: no public URL set (--public-url, DOORMAN_PUBLIC_URL or"
                    + " public-url in the config file)");
        }
        boolean listed = r.connections().stream().anyMatch(c -> sameUrl(c.uri(), url));
        return listed ? Check.pass(CUSTOM_URL, "plex.tv advertises " + url.withExplicitPort())
                : Check.fail(CUSTOM_URL, "plex.tv does not advertise " + url.withExplicitPort(),
                        "set customConnections to " + url.withExplicitPort() + " ('doorman prefs enforce'), then give"
                                + " PMS a minute to republish (or restart it)");
    }

    /** Not relay, not local, a {@code .plex.direct} host, and a public address: the runbook's bypass. */
    static boolean isPublicPlexDirect(Connection c) {
        if (c.relay() || c.local()) {
            return false;
        }
        String host = host(c.uri());
        if (host == null || !host.endsWith(".plex.direct")) {
            return false;
        }
        InetAddress a = NetworkKind.literal(c.address());
        if (a == null) {
            // The first label spells the address with dashes: 2-2-2-2.<id>.plex.direct.
            String label = host.substring(0, host.indexOf('.'));
            a = NetworkKind.literal(label.contains("-") && label.chars().filter(ch -> ch == '-').count() == 3
                    ? label.replace('-', '.') : label.replace('-', ':'));
        }
        return a != null && NetworkKind.of(a) == NetworkKind.PUBLIC;
    }

    private static boolean sameUrl(String uri, PublicUrl url) {
        try {
            return PublicUrl.parse(uri.replaceAll("/+$", "")).equals(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String host(String uri) {
        try {
            String h = URI.create(uri).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String uris(List<Connection> cs) {
        return String.join(", ", cs.stream().map(Connection::uri).toList());
    }
}
