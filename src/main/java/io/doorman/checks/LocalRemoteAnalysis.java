package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why PMS will count a stream Local or Remote with this setup (plex-api.md section 2), as pure reasoning over
 * values. PMS takes the X-Forwarded-For address only when the request comes from a private or loopback peer and
 * that address is public; otherwise the client is the peer, and LAN means "in LanNetworksBandwidth" (or, with it
 * blank, on PMS's own subnet).
 *
 * @param doormanSource  the address PMS sees Doorman's requests come from, or null when it cannot be told
 * @param listen         Doorman's proxy listen address (loopback means a frontend on this host sends every client)
 * @param trustedProxies peers whose forwarded headers Doorman believes
 * @param doormanLan     Doorman's own lan-networks (its access log's local/remote)
 * @param prefs          PMS's preferences
 */
public record LocalRemoteAnalysis(InetAddress doormanSource, HostPort listen, List<Cidr> trustedProxies,
        List<Cidr> doormanLan, Map<String, String> prefs) {

    static final String HOP = "local-remote.pms-hop";
    static final String FORWARDED = "local-remote.forwarded-headers";
    static final String REMOTE_AS_LOCAL = "local-remote.remote-as-local";
    static final String LAN_AS_REMOTE = "local-remote.lan-as-remote";
    static final String TAILSCALE = "local-remote.tailscale";
    static final List<String> IDS = List.of(HOP, FORWARDED, REMOTE_AS_LOCAL, LAN_AS_REMOTE, TAILSCALE);
    private static final String LAN_FIX_PLACE = "LAN Networks in Plex Web (Settings > Network > LanNetworksBandwidth)";

    public List<Check> checks() {
        LanNetworks lan = LanNetworks.parse(prefs.get("LanNetworksBandwidth"));
        return List.of(hop(), forwarded(), remoteAsLocal(lan), lanAsRemote(lan), tailscale(lan));
    }

    private Check hop() {
        if (doormanSource == null) {
            return Check.skip(HOP, "not checked: cannot tell which address PMS sees Doorman's requests from"
                    + " (PMS's host name does not resolve here)");
        }
        String at = doormanSource.getHostAddress();
        return switch (NetworkKind.of(doormanSource)) {
            case LOOPBACK -> Check.pass(HOP, "Doorman reaches PMS over loopback (PMS sees " + at
                    + "), so PMS takes the public client address Doorman forwards");
            case PRIVATE -> Check.pass(HOP, "Doorman reaches PMS over the LAN (PMS sees " + at
                    + "), so PMS takes the public client address Doorman forwards");
            case CGNAT -> Check.warn(HOP, "PMS sees Doorman from " + at + " in 100.64.0.0/10 (Tailscale/CGNAT):"
                    + " whether PMS then honours X-Forwarded-For is unknown",
                    "point --pms-url at PMS's loopback or LAN address (http://127.0.0.1:32400 on its host)");
            case PUBLIC -> Check.fail(HOP, "PMS sees Doorman from the public address " + at + ": PMS ignores"
                    + " X-Forwarded-For from a public peer, so every client shows as " + at,
                    "run Doorman on PMS's host or LAN and point --pms-url at http://127.0.0.1:32400 or PMS's LAN address");
        };
    }

    private Check forwarded() {
        boolean behindLocalFrontend = isLoopback(listen.host());
        boolean trustsLoopback = trustedProxies.stream().anyMatch(c -> c.contains(InetAddress.getLoopbackAddress()));
        if (behindLocalFrontend && !trustsLoopback) {
            return Check.fail(FORWARDED, "Doorman listens on " + listen.host() + " behind a local frontend but"
                    + " trusted-proxies " + (trustedProxies.isEmpty() ? "is empty" : "leaves out loopback")
                    + ": it ignores the frontend's X-Forwarded-For, so every client shows as the frontend's"
                    + " 127.0.0.1, which PMS counts as Local",
                    "set trusted-proxies to the frontend's address (the default 127.0.0.0/8,::1/128)");
        }
        boolean trustsAll = trustedProxies.stream().anyMatch(c -> c.prefixLength() == 0);
        if (trustsAll) {
            return Check.warn(FORWARDED, "trusted-proxies trusts every peer: any client can claim any address in"
                    + " X-Forwarded-For", "list only the frontend's addresses in trusted-proxies");
        }
        return Check.pass(FORWARDED, "Doorman sends X-Forwarded-For to PMS (the client's address, after a trusted"
                + " frontend's from " + (trustedProxies.isEmpty() ? "no one" : join(trustedProxies)) + ")");
    }

    private Check remoteAsLocal(LanNetworks lan) {
        List<String> notes = new ArrayList<>();
        if (!lan.unreadable().isEmpty()) {
            notes.add("LanNetworksBandwidth entries not understood: " + String.join(", ", lan.unreadable()));
        }
        List<Cidr> publicOnes = lan.networks().stream()
                .filter(c -> NetworkKind.of(networkAddress(c)) == NetworkKind.PUBLIC).toList();
        if (!publicOnes.isEmpty()) {
            return Check.fail(REMOTE_AS_LOCAL, "LanNetworksBandwidth lists public network(s) " + join(publicOnes)
                    + ": remote clients there count as Local and skip the remote limits",
                    "remove public networks from " + LAN_FIX_PLACE);
        }
        if (doormanSource != null && lan.contains(doormanSource)) {
            notes.add("Doorman's " + doormanSource.getHostAddress() + " is in LAN Networks, so a request without a"
                    + " forwarded public address would count as Local (Doorman always forwards one)");
        }
        if (DoctorPrefsAdvice.isOn(prefs.get("TreatWanIpAsLocal"))) {
            notes.add("clients on this site's own public IP count as Local (TreatWanIpAsLocal=1)");
        }
        String summary = "remote clients count as Remote: PMS gets their public address from Doorman"
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return lan.unreadable().isEmpty() ? Check.pass(REMOTE_AS_LOCAL, summary)
                : Check.warn(REMOTE_AS_LOCAL, summary, "write each LanNetworksBandwidth entry as 192.168.1.0/24 or"
                        + " 192.168.1.0/255.255.255.0 in " + LAN_FIX_PLACE);
    }

    /** A LAN client's address is private, so PMS ignores it in X-Forwarded-For and sees Doorman's instead. */
    private Check lanAsRemote(LanNetworks lan) {
        if (doormanSource == null) {
            return Check.skip(LAN_AS_REMOTE, "not checked: cannot tell which address PMS sees Doorman's requests from");
        }
        String at = doormanSource.getHostAddress();
        String prefix = "LAN clients through Doorman show in PMS as Doorman's " + at;
        if (lan.networks().isEmpty()) {
            return Check.pass(LAN_AS_REMOTE, prefix + (doormanSource.isLoopbackAddress()
                    ? ", PMS's own address: Local"
                    : ": Local if it is on PMS's own subnet (LAN Networks is blank); a Docker or VPN address is Remote"));
        }
        if (lan.contains(doormanSource)) {
            return Check.pass(LAN_AS_REMOTE, prefix + ", which LAN Networks lists: Local");
        }
        return Check.warn(LAN_AS_REMOTE, prefix + ", which LAN Networks (" + join(lan.networks())
                + ") does not list: they count as Remote", "add " + at + " to " + LAN_FIX_PLACE);
    }

    private Check tailscale(LanNetworks lan) {
        InetAddress probe = networkAddress(NetworkKind.CGNAT_RANGE);
        boolean pmsLocal = lan.contains(probe);
        boolean doormanLocal = Cidr.anyContains(doormanLan, probe);
        if (pmsLocal) {
            return Check.pass(TAILSCALE, "Tailscale clients (100.64.0.0/10) count as Local: LAN Networks lists them");
        }
        String summary = "Tailscale clients (100.64.0.0/10) count as Remote: LAN Networks does not list them";
        return doormanLocal
                ? Check.warn(TAILSCALE, summary + ", while Doorman's lan-networks counts them as LAN",
                        "add 100.64.0.0/10 to " + LAN_FIX_PLACE + " if tailnet clients should be Local, or remove it"
                                + " from Doorman's lan-networks")
                : Check.pass(TAILSCALE, summary + " (Doorman agrees)");
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        InetAddress a = NetworkKind.literal(host);
        return a != null && a.isLoopbackAddress();
    }

    private static InetAddress networkAddress(Cidr c) {
        InetAddress a = NetworkKind.literal(c.text().contains("/") ? c.text().substring(0, c.text().indexOf('/'))
                : c.text());
        return a != null ? a : InetAddress.getLoopbackAddress();
    }

    private static String join(List<Cidr> cidrs) {
        return String.join(",", cidrs.stream().map(Cidr::toString).toList());
    }
}
