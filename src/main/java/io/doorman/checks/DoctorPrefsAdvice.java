package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.prefs.PublicUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The doctor's reading of PMS's front-door preferences beyond the policy: secure connections, the custom URL's
 * port, Remote Access and port mapping. Pure: PMS's preferences and the public URL in, checks out.
 */
public final class DoctorPrefsAdvice {

    static final String SECURE = "prefs.secure-connections";
    static final String CUSTOM_URL = "prefs.custom-url";
    static final String REMOTE_ACCESS = "prefs.remote-access";
    static final String PORT_MAPPING = "prefs.port-mapping";
    static final List<String> IDS = List.of(SECURE, CUSTOM_URL, REMOTE_ACCESS, PORT_MAPPING);
    static final String SECURE_CONNECTIONS_PREF = "secureConnections";
    static final String REMOTE_ACCESS_PREF = "PublishServerOnPlexOnlineKey";
    static final String ENFORCE = "run 'doorman prefs enforce'";

    private DoctorPrefsAdvice() {
    }

    /** @param publicUrl the front door, or null when none is set */
    public static List<Check> checks(Map<String, String> prefs, PublicUrl publicUrl) {
        List<Check> out = new ArrayList<>();
        out.add(secureConnections(prefs.get(SECURE_CONNECTIONS_PREF)));
        out.add(customUrl(prefs.get("customConnections"), publicUrl));
        boolean remoteAccess = isOn(prefs.get(REMOTE_ACCESS_PREF));
        out.add(remoteAccess(prefs.get(REMOTE_ACCESS_PREF)));
        out.add(portMapping(remoteAccess, prefs, publicUrl));
        return out;
    }

    /**
     * Preferred lets clients use the front door's HTTPS URL and Doorman's plain-HTTP hop to PMS; Required makes PMS
     * and clients insist on TLS to PMS itself, which pushes clients to plex.direct connections that skip the front
     * door (and may refuse Doorman's hop).
     */
    static Check secureConnections(String v) {
        String fix = "set Secure connections to Preferred in Plex Web (Settings > Network), or prefs-require"
                + " secureConnections=1";
        if (v == null) {
            return Check.warn(SECURE, "PMS does not list secureConnections", fix);
        }
        return switch (v.strip()) {
            case "1" -> Check.pass(SECURE, "secureConnections is 1 (Preferred)");
            case "0" -> Check.fail(SECURE, "secureConnections is 0 (Required): clients insist on TLS to PMS itself"
                    + " (plex.direct), past the front door", fix);
            case "2" -> Check.warn(SECURE, "secureConnections is 2 (Disabled): PMS offers clients no secure"
                    + " connection of its own", fix);
            default -> Check.warn(SECURE, "secureConnections is " + v + ", not a known value", fix);
        };
    }

    static Check customUrl(String v, PublicUrl url) {
        if (url == null) {
            return Check.skip(CUSTOM_URL, "not checked: no public URL set (--public-url, DOORMAN_PUBLIC_URL or"
                    + " public-url in the config file)");
        }
        String wanted = url.withExplicitPort();
        String fix = "set customConnections to " + wanted + " (" + ENFORCE + ")";
        List<String> entries = v == null ? List.of()
                : List.of(v.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        boolean exact = entries.stream().anyMatch(e -> e.equalsIgnoreCase(wanted));
        if (exact) {
            List<String> others = entries.stream().filter(e -> !e.equalsIgnoreCase(wanted)).toList();
            return others.isEmpty() ? Check.pass(CUSTOM_URL, "customConnections names " + wanted)
                    : Check.warn(CUSTOM_URL, "customConnections also advertises " + String.join(", ", others)
                            + " besides " + wanted, "remove the other URLs unless they also reach Doorman (" + ENFORCE + ")");
        }
        boolean portless = entries.stream().anyMatch(e -> sameHostWithoutPort(e, url));
        if (portless) {
            return Check.fail(CUSTOM_URL, "customConnections names " + url.host() + " without its port: clients"
                    + " would try port 32400", fix);
        }
        return Check.fail(CUSTOM_URL, "customConnections does not name " + wanted
                + (entries.isEmpty() ? " (it is empty)" : " (it has " + String.join(", ", entries) + ")"), fix);
    }

    private static boolean sameHostWithoutPort(String entry, PublicUrl url) {
        try {
            PublicUrl e = PublicUrl.parse(entry);
            return e.host().equals(url.host()) && !entry.matches("(?i)^[a-z]+://[^/]*:\\d+/?$");
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /**
     * A warning, not a failure: the runbook's required preferences leave Remote Access alone and the community
     * recipe turns it off; what makes it a bypass is a published plex.direct path that reaches PMS, which the
     * port-mapping and plex.tv checks judge.
     */
    static Check remoteAccess(String v) {
        if (v == null) {
            return Check.skip(REMOTE_ACCESS, "not checked: PMS does not list PublishServerOnPlexOnlineKey");
        }
        return isOn(v)
                ? Check.warn(REMOTE_ACCESS, "Remote Access is on (PublishServerOnPlexOnlineKey=1): PMS publishes a"
                        + " plex.direct address of its own to plex.tv",
                        "turn Remote Access off in Plex Web (Settings > Remote Access) once clients use the custom URL")
                : Check.pass(REMOTE_ACCESS, "Remote Access is off: PMS publishes only the custom URL");
    }

    /**
     * With Remote Access on, automatic mapping (UPnP/NAT-PMP) opens a router port straight to PMS: a failure. The
     * runbook's fixed mapping on the front door's port makes the published plex.direct entry land on the front door
     * instead, so it is only a warning (the runbook still advises turning the mapping off once the URL works).
     */
    static Check portMapping(boolean remoteAccess, Map<String, String> prefs, PublicUrl url) {
        boolean manual = isOn(prefs.get("ManualPortMappingMode"));
        String port = prefs.getOrDefault("ManualPortMappingPort", "");
        String mapped = prefs.get("LastAutomaticMappedPort");
        String upnp = mapped != null && !mapped.isBlank() && !mapped.strip().equals("0")
                ? "; UPnP/NAT-PMP last mapped public port " + mapped.strip() : "";
        if (!remoteAccess) {
            return Check.pass(PORT_MAPPING, "Remote Access is off, so PMS publishes no mapped port" + upnp);
        }
        String wantedPort = url == null ? "<the front door's port>" : Integer.toString(url.port());
        if (!manual) {
            return Check.fail(PORT_MAPPING, "Remote Access maps a port automatically (UPnP/NAT-PMP) straight to PMS"
                    + upnp, ENFORCE + " (ManualPortMappingMode=1, ManualPortMappingPort=" + wantedPort
                    + "), or turn Remote Access off");
        }
        if (url != null && !port.strip().equals(wantedPort)) {
            return Check.fail(PORT_MAPPING, "Remote Access publishes port " + port + ", not the front door's "
                    + wantedPort, ENFORCE + " (ManualPortMappingPort=" + wantedPort + "), or turn Remote Access off");
        }
        return Check.warn(PORT_MAPPING, "Remote Access publishes the fixed port " + port + upnp + ": plex.tv lists a"
                + " plex.direct entry on your public address", "turn Remote Access (and manual port mapping) off once"
                + " clients use the custom URL, as the runbook advises");
    }

    static boolean isOn(String v) {
        return v != null && (v.strip().equals("1") || v.strip().equalsIgnoreCase("true"));
    }
}
