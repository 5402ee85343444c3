package io.doorman.frontends;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person must know beside a generated configuration: the value for Plex's "Custom server access URLs" and
 * the warnings that apply to these hosts and this kind. They go into the configuration as comments and to
 * standard error.
 */
public final class FrontendNotes {

    static final String NO_DNAT = "Never DNAT port 32400 or a plex.direct address into Doorman's HTTP port: Plex"
            + " clients speak TLS there and fail with \"unable to connect securely\".";
    static final String TAILSCALE = "Tailscale addresses (100.64.0.0/10) count as Remote in Plex unless listed in"
            + " Settings > Network > LAN Networks.";
    static final String CLOUDFLARE_TERMS = "Cloudflare's terms: unless on Enterprise, video through its CDN (every"
            + " Tunnel hostname is proxied) must go through its paid media services, and Cloudflare may limit or"
            + " disable a hostname that streams video.";
    static final String CLOUDFLARE_UPLOADS = "Cloudflare limits a request body to 100 MB (Free, Pro; 200 MB Business,"
            + " 500 MB Enterprise): larger uploads through the tunnel fail with 413.";

    private FrontendNotes() {
    }

    /** The notes for {@code request} rendered as {@code kind}: custom URLs first, then the warnings. */
    public static List<String> of(FrontendRequest request, OutputKind kind) {
        List<String> notes = new ArrayList<>();
        boolean several = request.hosts().size() > 1;
        for (PlexHost h : request.hosts()) {
            notes.add("Plex > Settings > Network > Custom server access URLs" + (several ? " (" + h.name() + ")" : "")
                    + ": " + h.customUrl());
        }
        notes.add(NO_DNAT);
        for (PlexHost h : request.hosts()) {
            if (!h.plexMode().forwardClientIp()) {
                notes.add(h.name() + " does not forward the client's address: remote streams count as Local in Plex"
                        + " and skip its remote bandwidth limits.");
            }
            if (h.plexMode().liveTv()) {
                notes.add(h.name() + " gives shared users Live TV: Relay must be off (RelayEnabled=0, 'doorman prefs"
                        + " enforce'), or their streams bypass Doorman.");
            }
        }
        if (kind == OutputKind.TAILSCALE || uses(request, FrontendKind.TAILSCALE)) {
            notes.add(TAILSCALE);
        }
        if (kind == OutputKind.CLOUDFLARED || uses(request, FrontendKind.CLOUDFLARED)) {
            notes.add(CLOUDFLARE_TERMS);
            notes.add(CLOUDFLARE_UPLOADS);
        }
        return notes;
    }

    /** The notes as {@code #} comment lines, one per note, ending with a blank comment-free line. */
    public static String asComments(List<String> notes) {
        StringBuilder b = new StringBuilder();
        for (String n : notes) {
            b.append("# ").append(n).append('\n');
        }
        return b.append('\n').toString();
    }

    /**
     * {@code file} with the notes as comments at its top, after a {@code #!} line if it has one (a script must
     * keep it first).
     */
    public static RenderedFile withNotes(RenderedFile file, String header, List<String> notes) {
        String text = file.text();
        String shebang = "";
        if (text.startsWith("#!")) {
            int nl = text.indexOf('\n');
            shebang = text.substring(0, nl + 1);
            text = text.substring(nl + 1);
        }
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(notes);
        return new RenderedFile(file.name(), shebang + asComments(all) + text);
    }

    private static boolean uses(FrontendRequest request, FrontendKind kind) {
        return request.hosts().stream().anyMatch(h -> h.frontend() == kind);
    }
}
