package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.plex.DoormanClients.Client;
import io.doorman.plex.PmsSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What PMS's current sessions say against Doorman's view of the same clients, as pure reasoning: Relay in use,
 * and a client PMS counts as Local that Doorman saw arrive from outside the LAN (or the reverse).
 */
public final class SessionFindings {

    static final String PLAYING = "sessions.playing";
    static final String RELAY = "sessions.relay";
    static final String VS_DOORMAN = "sessions.local-vs-doorman";
    static final List<String> IDS = List.of(PLAYING, RELAY, VS_DOORMAN);

    private SessionFindings() {
    }

    /**
     * @param clients            the clients Doorman's admin listener reports, or null when it could not be asked
     * @param clientsUnavailable why not, when {@code clients} is null
     */
    public static List<Check> checks(List<PmsSession> sessions, List<Client> clients, String clientsUnavailable) {
        if (sessions.isEmpty()) {
            return List.of(Check.pass(PLAYING, "no sessions playing"),
                    Check.pass(RELAY, "no sessions playing, so none through Relay"),
                    Check.pass(VS_DOORMAN, "no sessions playing"));
        }
        List<Check> out = new ArrayList<>();
        out.add(Check.pass(PLAYING, sessions.size() + " playing: "
                + sessions.stream().map(SessionFindings::describe).collect(Collectors.joining("; "))));
        List<PmsSession> relayed = sessions.stream().filter(PmsSession::relayed).toList();
        out.add(relayed.isEmpty() ? Check.pass(RELAY, "no session goes through Plex Relay")
                : Check.fail(RELAY, relayed.size() + " session(s) through Plex Relay, past Doorman: "
                        + relayed.stream().map(SessionFindings::describe).collect(Collectors.joining("; ")),
                        "turn Relay off: 'doorman prefs enforce' (RelayEnabled=0)"));
        out.add(compare(sessions, clients, clientsUnavailable));
        return out;
    }

    private static Check compare(List<PmsSession> sessions, List<Client> clients, String unavailable) {
        if (clients == null) {
            return Check.skip(VS_DOORMAN, "not compared with Doorman's view: " + unavailable);
        }
        Map<String, Client> byId = clients.stream()
                .collect(Collectors.toMap(Client::clientIdentifier, Function.identity(), (a, b) -> b));
        List<String> localButOutside = new ArrayList<>();
        List<String> remoteButLan = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (PmsSession s : sessions) {
            Client c = byId.get(s.machineIdentifier());
            if (c == null) {
                unseen.add(s.player());
            } else if (s.countedLocal() && !c.lan()) {
                localButOutside.add(s.player() + " (Doorman saw " + c.address() + ", PMS says " + s.location() + ")");
            } else if (!s.countedLocal() && c.lan()) {
                remoteButLan.add(s.player() + " (Doorman saw " + c.address() + ", PMS says " + s.location() + ")");
            }
        }
        String notSeen = unseen.isEmpty() ? "" : "; not seen by Doorman (not compared): " + String.join(", ", unseen);
        if (!localButOutside.isEmpty()) {
            return Check.fail(VS_DOORMAN, "PMS counts as Local what arrived from outside the LAN, skipping the remote"
                    + " limits: " + String.join(", ", localButOutside) + notSeen,
                    "see the local-remote checks: PMS must get the client's public address (trusted-proxies, the"
                            + " frontend's X-Forwarded-For, LAN Networks)");
        }
        if (!remoteButLan.isEmpty()) {
            return Check.warn(VS_DOORMAN, "PMS counts as Remote what Doorman saw on the LAN: "
                    + String.join(", ", remoteButLan) + notSeen,
                    "add Doorman's address (see local-remote.lan-as-remote) to PMS's LAN Networks");
        }
        if (unseen.size() == sessions.size()) {
            return Check.skip(VS_DOORMAN, "not compared: Doorman has seen none of these players (they reach PMS"
                    + " another way, or Doorman restarted): " + String.join(", ", unseen));
        }
        return Check.pass(VS_DOORMAN, "PMS and Doorman agree on where each player is" + notSeen);
    }

    private static String describe(PmsSession s) {
        return s.title() + " on " + s.player() + (s.user().isEmpty() ? "" : " (" + s.user() + ")") + ", "
                + s.location() + " from " + s.address() + (s.relayed() ? ", relayed" : "");
    }
}
