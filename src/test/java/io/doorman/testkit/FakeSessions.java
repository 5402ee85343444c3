package io.doorman.testkit;

import static io.doorman.testkit.PlexDoc.element;

import io.doorman.testkit.PlexDoc.Element;
import java.util.List;

/**
 * The fake PMS's {@code /status/sessions} (plex-api.md section 3): the playbacks a test sets, written like the
 * spec's example ({@code Video} with {@code User}, {@code Player} and {@code Session}), JSON items under
 * {@code Metadata}.
 */
public final class FakeSessions {

    /**
     * One playback as PMS would report it.
     *
     * @param machineIdentifier the player's client identifier
     * @param location          {@code lan}, {@code wan} or {@code cellular}; null writes no Session element
     */
    public record Session(String title, String user, String player, String machineIdentifier, String address,
            boolean local, boolean relayed, String location) {

        /** A remote player PMS counts as Remote. */
        public static Session wan(String player, String machineIdentifier, String address) {
            return new Session("Pilot", "owner", player, machineIdentifier, address, false, false, "wan");
        }

        /** A player PMS counts as Local. */
        public static Session lan(String player, String machineIdentifier, String address) {
            return new Session("Song", "friend", player, machineIdentifier, address, true, false, "lan");
        }

        /** A remote player reaching PMS through Plex Relay. */
        public static Session relayed(String player, String machineIdentifier) {
            return new Session("Movie", "friend", player, machineIdentifier, "127.0.0.1", false, true, "wan");
        }
    }

    private volatile List<Session> sessions = List.of();

    void set(List<Session> next) {
        sessions = List.copyOf(next);
    }

    Element doc() {
        List<Session> now = sessions;
        Element mc = element("MediaContainer").attr("size", now.size());
        int key = 12;
        for (Session s : now) {
            Element item = element("Video").jsonAs("Metadata").attr("sessionKey", Integer.toString(key++))
                    .attr("type", "episode").attr("title", s.title())
                    .add(element("User").attr("id", "1").attr("title", s.user()),
                            element("Player").attr("address", s.address()).attr("machineIdentifier",
                                    s.machineIdentifier()).attr("product", "Plex for iOS").attr("state", "playing")
                                    .attr("title", s.player()).attr("local", bit(s.local()), s.local())
                                    .attr("relayed", bit(s.relayed()), s.relayed()).attr("secure", "1", true));
            if (s.location() != null) {
                item.add(element("Session").attr("id", "s" + key).attr("bandwidth", 9200).attr("location", s.location()));
            }
            mc.add(item);
        }
        return mc;
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
