package io.doorman.guard;

import io.doorman.config.GoDuration;
import java.time.Duration;
import java.util.Collection;

/**
 * Formats {@code plexlabelproxy_playback:} lines, which follow {@code -neutralize-owner-history}: which
 * playback was tracked, which reports were switched to the owner token or refused, and how the background
 * replay and unscrobble calls ended. Like the audit lines they carry fingerprints only, and name correlation
 * keys without their values.
 */
public final class PlaybackLine {

    public static final String PREFIX = "plexlabelproxy_playback:";

    private PlaybackLine() {
    }

    /**
     * A line about one request.
     *
     * @param outcome {@code tracked}, {@code owner_report}, {@code source_mismatch}, {@code token_mismatch},
     *                {@code session_token_recovered} or {@code stopped}
     * @param keys    names of the correlation keys involved ({@code session}, {@code client}, {@code play_queue})
     */
    public static String request(String outcome, String method, String path, String source, String tokenFp,
            Collection<String> keys, String reason) {
        return PREFIX + " outcome=" + outcome + " method=" + method + " path=" + path + " source=" + source
                + " token_fp=" + tokenFp + " keys=" + quote(String.join(",", keys)) + " reason=" + quote(reason);
    }

    /**
     * A line about one background call to PMS.
     *
     * @param outcome {@code user_replay}, {@code owner_unscrobble}, or either with {@code _failed} /
     *                {@code _dropped}
     * @param status  the PMS status, or 0 when there was none
     * @param error   null, or why it failed
     */
    public static String background(String outcome, String path, String tokenFp, int status, Duration took,
            String error) {
        return PREFIX + " outcome=" + outcome + " path=" + path + " token_fp=" + tokenFp + " status=" + status
                + " dur=" + GoDuration.format(took) + (error == null ? "" : " error=" + quote(error));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
