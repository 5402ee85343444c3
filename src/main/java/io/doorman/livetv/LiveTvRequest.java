package io.doorman.livetv;

import java.util.function.Function;

/**
 * What the classifier looks at: plain values, no Netty or proxy types.
 *
 * @param method   request method as sent (methods are case-sensitive)
 * @param rawPath  path as sent, still encoded
 * @param rawQuery query as sent (after {@code ?}), still encoded; empty when none
 * @param header   header lookup by name (case-insensitive), null when absent
 * @param body     the whole body when it was read and is at most 1 MiB, else null (no body evidence)
 */
public record LiveTvRequest(String method, String rawPath, String rawQuery, Function<String, String> header,
        byte[] body) {

    /** Splits a raw target into path and query. */
    public static LiveTvRequest of(String method, String rawTarget, Function<String, String> header, byte[] body) {
        int q = rawTarget.indexOf('?');
        return new LiveTvRequest(method, q < 0 ? rawTarget : rawTarget.substring(0, q),
                q < 0 ? "" : rawTarget.substring(q + 1), header, body);
    }
}
