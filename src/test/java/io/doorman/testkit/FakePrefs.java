package io.doorman.testkit;

import static io.doorman.testkit.PlexDoc.element;

import io.doorman.testkit.PlexDoc.Element;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fake PMS's preferences ({@code plex-api.md} section 1): the network settings Doorman's policy and doctor
 * read, with values that {@code PUT /:/prefs} and tests change. Typed like PMS: bool, int, text.
 * How XML spells a boolean is unsure in the spec ({@code true}/{@code false} or {@code 1}/{@code 0}), so it is
 * switchable.
 */
final class FakePrefs {

    record Def(String id, String label, String summary, String type, Object defaultValue, String group) {
    }

    /** In the order GET lists them (FriendlyName first; the Live TV hint goes second). */
    static final List<Def> DEFS = List.of(
            new Def("FriendlyName", "Friendly name",
                    "This name identifies the server to Plex apps & other computers on your network.", "text", "",
                    "general"),
            new Def("RelayEnabled", "Enable Relay",
                    "Lets apps reach the server through a relay when it cannot be reached directly.", "bool", true,
                    "network"),
            new Def("customConnections", "Custom server access URLs",
                    "A comma-separated list of URLs (http or https) published to plex.tv.", "text", "", "network"),
            new Def("ManualPortMappingMode", "Manually specify public port",
                    "Use a fixed public port\ninstead of UPnP & NAT-PMP.", "bool", false, "remoteAccess"),
            new Def("ManualPortMappingPort", "Public port", "The public port published to plex.tv.", "int", 32400,
                    "remoteAccess"),
            new Def("PublishServerOnPlexOnlineKey", "Remote access", "Publish this server to plex.tv.", "bool", false,
                    "remoteAccess"),
            new Def("secureConnections", "Secure connections", "0=Required, 1=Preferred", "int", 1, "network"),
            new Def("LanNetworksBandwidth", "LAN Networks", "Comma list of IP or IP/netmask.", "text", "", "network"),
            new Def("TreatWanIpAsLocal", "Treat WAN IP As LAN Bandwidth", "Hairpin-NAT clients count as LAN.", "bool",
                    true, "network"),
            new Def("GdmEnabled", "Enable local network discovery (GDM)", "LAN discovery.", "bool", true, "network"));

    private final Map<String, Object> values = new LinkedHashMap<>();
    private boolean numericBooleans;

    FakePrefs() {
        for (Def d : DEFS) {
            values.put(d.id(), d.defaultValue());
        }
        // The fake's long-standing starting state: a URL set, Relay and UPnP as a fresh server has them.
        values.put("FriendlyName", LiveTvDocs.SERVER_NAME);
        values.put("customConnections", "https://media.example.com:443");
    }

    synchronized void numericBooleans(boolean on) {
        numericBooleans = on;
    }

    /** The current value as XML writes it. */
    synchronized String xmlValue(String id) {
        Object v = values.get(id);
        return v == null ? null : xmlText(v);
    }

    /** Sets {@code id} from text as PUT sends it; null when it took, else why not. */
    synchronized String set(String id, String text) {
        return put(URLEncoder.encode(id, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
    }

    /**
     * Applies {@code PUT /:/prefs?Id=v&…} all or nothing (client parameters {@code X-Plex-*} are not prefs);
     * null when it took, else why not (the fake answers 400 then).
     */
    synchronized String put(String rawQuery) {
        Map<String, Object> next = new LinkedHashMap<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String id = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String text = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (id.startsWith("X-Plex-")) {
                continue;
            }
            Def d = def(id);
            if (d == null) {
                return "no preference " + id;
            }
            Object v = parse(d.type(), text);
            if (v == null) {
                return "bad value for " + id;
            }
            next.put(id, v);
        }
        if (next.isEmpty()) {
            return "no preference given";
        }
        values.putAll(next);
        return null;
    }

    /** One {@code <Setting>} per preference, typed values in JSON, booleans in XML as configured. */
    synchronized List<Element> settings() {
        List<Element> out = new ArrayList<>();
        for (Def d : DEFS) {
            Object v = values.get(d.id());
            out.add(element("Setting").attr("id", d.id()).attr("label", d.label()).attr("summary", d.summary())
                    .attr("type", d.type()).attr("default", xmlText(d.defaultValue()), d.defaultValue())
                    .attr("value", xmlText(v), v).attr("hidden", "0").attr("advanced", "0").attr("group", d.group()));
        }
        return out;
    }

    private String xmlText(Object v) {
        if (v instanceof Boolean b) {
            return numericBooleans ? (b ? "1" : "0") : (b ? "true" : "false");
        }
        return v.toString();
    }

    private static Def def(String id) {
        return DEFS.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }

    /** PMS takes {@code 1}/{@code 0} and {@code true}/{@code false} for a bool (plexapi sends the latter). */
    private static Object parse(String type, String text) {
        String t = text.trim();
        return switch (type) {
            case "bool" -> switch (t.toLowerCase(Locale.ROOT)) {
                case "1", "true" -> Boolean.TRUE;
                case "0", "false" -> Boolean.FALSE;
                default -> null;
            };
            case "int" -> {
                try {
                    yield Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> text;
        };
    }
}
