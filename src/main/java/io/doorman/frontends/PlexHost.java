package io.doorman.frontends;

import java.net.URI;
import java.util.List;

/**
 * One public name for one PMS: what Doorman routes by {@code Host}, and what each frontend configuration is
 * generated from. Valid by construction: every rule broken is an {@link InvalidHostException} naming its field.
 *
 * @param name               the host's own name, used on the command line and in the console
 * @param domains            the public names clients use, the first of them in the custom server access URL
 * @param port               the public HTTPS port (443 unless the frontend listens elsewhere)
 * @param upstream           the PMS: {@code http://} or {@code https://}, host and port, no path
 * @param upstreamSkipVerify accept any certificate from an https upstream (PMS's own {@code plex.direct} one)
 * @param frontend           what stands in front of Doorman for this host
 * @param plexMode           how the host treats Plex
 */
public record PlexHost(String name, List<String> domains, int port, URI upstream, boolean upstreamSkipVerify,
        FrontendKind frontend, PlexMode plexMode) {

    public static final int DEFAULT_PORT = 443;

    public PlexHost {
        HostRules.name(name);
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new InvalidHostException("domains", "at least one domain is needed");
        }
        for (String d : domains) {
            HostRules.domain("domains", d);
        }
        if (domains.stream().distinct().count() != domains.size()) {
            throw new InvalidHostException("domains", "a domain is listed twice");
        }
        HostRules.port(port);
        HostRules.upstream(upstream);
        if (upstreamSkipVerify && !"https".equals(upstream.getScheme())) {
            throw new InvalidHostException("upstreamSkipVerify", "only an https upstream has a certificate to skip");
        }
        if (frontend == null) {
            throw new InvalidHostException("frontend", "missing");
        }
        if (plexMode == null) {
            throw new InvalidHostException("plexMode", "missing");
        }
        for (String alias : plexMode.lanAliases()) {
            if (domains.contains(alias)) {
                throw new InvalidHostException("lanAliases", alias + " is already one of the host's domains");
            }
        }
    }

    /** A new host with the defaults: port 443, no skip-verify, Caddy in front, {@link PlexMode#DEFAULTS}. */
    public static PlexHost of(String name, List<String> domains, URI upstream) {
        return new PlexHost(name, domains, DEFAULT_PORT, upstream, false, FrontendKind.CADDY, PlexMode.DEFAULTS);
    }

    /**
     * The value for Plex → Settings → Network → Custom server access URLs: the first domain with its port always
     * written out, because Plex assumes 32400 for an https URL without one.
     */
    public String customUrl() {
        return "https://" + domains.get(0) + ":" + port;
    }

    /** Every name this host answers to: its domains, then its LAN aliases. */
    public List<String> allNames() {
        return java.util.stream.Stream.concat(domains.stream(), plexMode.lanAliases().stream()).toList();
    }
}
