package io.doorman.livetv;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a request is one of the Live TV requests that may borrow the owner's token, exactly as
 * shared/spec/plex-label-proxy.md ("Request classification") describes. Paths are compared as sent: an
 * encoded or case-changed variant of a Live TV path is not Live TV (it fails closed). Evidence in a query
 * parameter counts only on the helper paths that carry a Live TV target in that parameter.
 */
public final class LiveTvClassifier {

    /** Bodies larger than this are not read for evidence ("no evidence"). */
    public static final int MAX_BODY_EVIDENCE_BYTES = 1 << 20;

    private static final Pattern TUNE = Pattern.compile("^/livetv/dvrs/[^/]+/channels/[^/]+/tune$");
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("^/media/subscriptions/[0-9]+$");
    private static final Set<String> EVIDENCE_KEYS = Set.of("guid", "key", "uri", "ratingkey");
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String EPG_PREFIX = "/tv.plex.providers.epg.xmltv:";

    private LiveTvClassifier() {
    }

    /** Classifies one request; a pure function of its arguments. */
    public static LiveTvClassification classify(LiveTvRequest r) {
        return classify(r, GoUrlDecoding.parseQuery(r.rawQuery()));
    }

    /** As {@link #classify(LiveTvRequest)}, with the query already parsed (Go rules) by the caller. */
    static LiveTvClassification classify(LiveTvRequest r, List<Map.Entry<String, String>> query) {
        String m = r.method();
        String p = r.rawPath();
        if ("OPTIONS".equals(m)) {
            return LiveTvClassification.no("OPTIONS is never elevated", false);
        }
        boolean read = "GET".equals(m) || "HEAD".equals(m);
        boolean stream = isStream(p, query, r.body());
        boolean subscription = isSubscriptionPath(p) && subscriptionQualifies(m, p, r, query);
        if (read) {
            String reason = readRule(p, r);
            if (reason != null) {
                return new LiveTvClassification(true, true, stream, reason);
            }
            if (subscription) {
                return new LiveTvClassification(true, true, stream, "Live TV subscription read");
            }
            if (p.startsWith("/media/grabbers/")) {
                return new LiveTvClassification(true, false, stream, "grabber path");
            }
            if (stream) {
                return new LiveTvClassification(true, false, true, "Live TV stream request");
            }
            return LiveTvClassification.no("not a Live TV path", false);
        }
        if (subscription) {
            return new LiveTvClassification(true, false, stream, "Live TV subscription change");
        }
        if ("POST".equals(m) && stream) {
            return new LiveTvClassification(true, false, true, "Live TV stream start");
        }
        return LiveTvClassification.no(m + " is not elevated on this path", stream);
    }

    /** The GET/HEAD path rules that hold in discovery-only mode too; null when none applies. */
    private static String readRule(String p, LiveTvRequest r) {
        if (p.equals("/media/providers")) {
            return "media providers";
        }
        if (p.equals("/media/grabbers/devices")) {
            return "grabber devices";
        }
        if (p.startsWith("/livetv/")) {
            return "Live TV path";
        }
        if (p.startsWith(EPG_PREFIX)) {
            return "XMLTV provider path";
        }
        if ((p.equals("/") || p.equals("/identity")) && LiveTvEvidence.in(r.header().apply("Referer"))) {
            return "identity from a Live TV page";
        }
        return null;
    }

    /** Tune, a transcode of a Live TV path, or a play queue of a Live TV item (any method). */
    private static boolean isStream(String p, List<Map.Entry<String, String>> query, byte[] body) {
        if (TUNE.matcher(p).matches()) {
            return true;
        }
        if (p.startsWith("/video/:/transcode/")) {
            return LiveTvEvidence.in(GoUrlDecoding.first(query, "path"));
        }
        if (p.startsWith("/playQueues")) {
            return LiveTvEvidence.in(GoUrlDecoding.first(query, "uri"))
                    || LiveTvEvidence.in(GoUrlDecoding.first(query, "path"))
                    || (body != null && LiveTvEvidence.in(text(body)));
        }
        return false;
    }

    private static boolean isSubscriptionPath(String p) {
        return p.equals("/media/subscriptions") || p.startsWith("/media/subscriptions/");
    }

    private static boolean subscriptionQualifies(String m, String p, LiveTvRequest r,
            List<Map.Entry<String, String>> query) {
        if ("GET".equals(m) || "HEAD".equals(m)) {
            return !p.equals("/media/subscriptions/template") || LiveTvEvidence.in(r.rawQuery());
        }
        if (!MUTATING.contains(m)) {
            return false;
        }
        if ("DELETE".equals(m) && SUBSCRIPTION_ID.matcher(p).matches() && hasSessionId(r, query)) {
            return true;
        }
        if (evidenceInFields(query)) {
            return true;
        }
        if (r.body() != null) {
            String body = text(r.body());
            return evidenceInFields(GoUrlDecoding.parseQuery(body)) || LiveTvEvidence.in(body);
        }
        return false;
    }

    private static boolean hasSessionId(LiveTvRequest r, List<Map.Entry<String, String>> query) {
        for (String name : new String[] {"X-Plex-Playback-Session-Id", "X-Plex-Session-Id"}) {
            for (Map.Entry<String, String> e : query) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return true;
                }
            }
            String h = r.header().apply(name);
            if (h != null && !h.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Evidence in a {@code guid}/{@code key}/{@code uri}/{@code ratingKey} field or a hint such as {@code hints[ratingKey]}. */
    private static boolean evidenceInFields(List<Map.Entry<String, String>> fields) {
        for (Map.Entry<String, String> e : fields) {
            if (isEvidenceKey(e.getKey()) && LiveTvEvidence.in(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEvidenceKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (EVIDENCE_KEYS.contains(k)) {
            return true;
        }
        for (String ek : EVIDENCE_KEYS) {
            if (k.endsWith("[" + ek + "]")) {
                return true;
            }
        }
        return false;
    }

    /** Whether classifying this request could depend on its body (so it is worth reading, up to 1 MiB). */
    public static boolean mayNeedBody(String method, String rawPath) {
        if ("OPTIONS".equals(method)) {
            return false;
        }
        return rawPath.startsWith("/playQueues") || (isSubscriptionPath(rawPath) && MUTATING.contains(method));
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
