package io.doorman.guard;

import io.doorman.config.GoDuration;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The {@code plexlabelproxy_access:} start and done lines written for Live TV, subscription, transcode,
 * play queue, timeline and WebSocket requests, so a playback can be followed in the service log. Query
 * keys are listed sorted and without {@code X-Plex-Token}; values are never printed.
 */
public final class AccessLines {

    public static final String PREFIX = "plexlabelproxy_access:";

    private AccessLines() {
    }

    /** Whether a request gets access lines. */
    public static boolean traced(boolean liveTv, String path) {
        return liveTv || path.equals("/media/subscriptions") || path.startsWith("/media/subscriptions/")
                || path.startsWith("/video/:/transcode/") || path.startsWith("/playQueues")
                || path.startsWith("/:/timeline") || path.startsWith("/:/websockets/");
    }

    public static String start(String method, String path, Collection<String> queryKeys, boolean liveTv,
            boolean stream, String remote, String source, int forwardedForCount, boolean cfConnectingIp,
            String userAgent) {
        return PREFIX + " phase=start method=" + method + " path=" + path + " query_keys=" + quote(keyList(queryKeys))
                + " live_tv=" + liveTv + " stream=" + stream + " remote=" + remote + " source=" + source
                + " forwarded_for_count=" + forwardedForCount + " cf_connecting_ip=" + cfConnectingIp
                + " ua=" + quote(userAgent == null ? "" : userAgent);
    }

    public static String done(String method, String path, int status, long bytes, Duration duration, String source,
            String tokenFp) {
        return PREFIX + " phase=done method=" + method + " path=" + path + " status=" + status + " bytes=" + bytes
                + " dur=" + GoDuration.format(duration) + " source=" + source + " token_fp=" + tokenFp;
    }

    /** Sorted, distinct, without {@code X-Plex-Token}, comma-joined. */
    private static String keyList(Collection<String> queryKeys) {
        TreeSet<String> keys = null;
        String only = null; // the usual Plex request has at most one key besides the token: no set, no sort
        for (String k : queryKeys) {
            if (k.equals("X-Plex-Token") || k.equals(only)) {
                continue;
            }
            if (only == null && keys == null) {
                only = k;
            } else {
                if (keys == null) {
                    keys = new TreeSet<>();
                    keys.add(only);
                }
                keys.add(k);
            }
        }
        return keys != null ? String.join(",", keys) : only == null ? "" : only;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c)); // a header cannot forge a second log line
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
