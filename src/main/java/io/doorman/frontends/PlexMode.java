package io.doorman.frontends;

import java.util.List;

/**
 * How a host treats Plex (seed 002's "Media Server Settings").
 *
 * @param forwardClientIp  send PMS the client's address ({@code X-Forwarded-For}, {@code X-Real-IP}), so remote
 *                         streams show as Remote and get remote bandwidth limits
 * @param webSockets       pass WebSocket upgrades (Plex Web's notifications, Companion)
 * @param liveTv           give this server's shared users Live TV with the owner's token
 * @param lanAliases       extra LAN-only names for the same server, e.g. {@code plex.home}
 * @param publicHostGuard  in a frontend reachable from LAN and WAN, answer 404 to public clients asking for any
 *                         name but the host's domains (seed 000's public Host guard)
 */
public record PlexMode(boolean forwardClientIp, boolean webSockets, boolean liveTv, List<String> lanAliases,
        boolean publicHostGuard) {

    /** Client IP forwarded, WebSockets on, no Live TV elevation, no aliases, no guard. */
    public static final PlexMode DEFAULTS = new PlexMode(true, true, false, List.of(), false);

    public PlexMode {
        lanAliases = List.copyOf(lanAliases);
        for (String alias : lanAliases) {
            HostRules.domain("lanAliases", alias);
        }
        if (lanAliases.stream().distinct().count() != lanAliases.size()) {
            throw new InvalidHostException("lanAliases", "a name is listed twice");
        }
    }
}
