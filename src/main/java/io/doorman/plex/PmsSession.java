package io.doorman.plex;

/**
 * One playback as {@code GET /status/sessions} reports it: the item, the player and how PMS classified it.
 *
 * @param title             the item's title (an episode's show first: {@code Example Show - Pilot})
 * @param user              the user's name, empty when PMS sent none
 * @param player            the player's name ({@code Player@title}, else its product)
 * @param machineIdentifier {@code Player@machineIdentifier}, the client's {@code X-Plex-Client-Identifier}
 * @param address           {@code Player@address} without an {@code ::ffff:} prefix
 * @param local             {@code Player@local="1"}
 * @param relayed           {@code Player@relayed="1"}
 * @param location          {@code Session@location} ({@code lan}, {@code wan}, {@code cellular}); without a
 *                          Session element {@code lan} or {@code wan} from {@code local}, as Tautulli does
 * @param secure            {@code Player@secure="1"}; null when PMS did not say
 * @param bandwidthKbps     {@code Session@bandwidth}, the kbps PMS reserved for it; null when PMS did not say
 */
public record PmsSession(String title, String user, String player, String machineIdentifier, String address,
        boolean local, boolean relayed, String location, Boolean secure, Integer bandwidthKbps) {

    /** PMS counts this playback as Local (LAN bandwidth rules, no remote limits). */
    public boolean countedLocal() {
        return local || "lan".equals(location);
    }
}
