package io.doorman.livetv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Remembers elevated Live TV playbacks for {@code -neutralize-owner-history}: each playback's correlation keys
 * (session, client, play queue) map to the user's own token and the apparent source that started it, for 8 h.
 * Playback reports ({@code /:/timeline}, {@code /:/scrobble}, {@code /:/progress}) that match from the same
 * source are then sent under the owner's token and replayed under the user's. Bounded: the oldest entries go
 * first when it is full.
 */
public final class OwnerHistory {

    /** How long a playback is remembered after its last elevated request. */
    public static final Duration EXPIRY = Duration.ofHours(8);
    public static final int DEFAULT_MAX_KEYS = 20_000;

    /** One correlation key of a request, e.g. {@code session} = the X-Plex-Session-Identifier. */
    public record Key(String kind, String value) {
        String id() {
            return kind + '\u0000' + value;
        }
    }

    /** What a playback report matched. */
    public sealed interface Match {
    }

    /** No remembered playback. */
    public record NoMatch() implements Match {
    }

    /** A playback remembered from this source, under this user token. */
    public record Same(String userToken) implements Match {
    }

    /** The keys were remembered for another source: never switched. */
    public record OtherSource() implements Match {
    }

    private record Tracked(String userToken, String sourceKey, long expiresAtMillis) {
    }

    private final Map<String, Tracked> byKey = new LinkedHashMap<>(); // guarded by itself; oldest first
    private final int maxKeys;
    private final LongSupplier millis;
    private long evictions;

    public OwnerHistory(int maxKeys, LongSupplier millis) {
        this.maxKeys = maxKeys;
        this.millis = millis;
    }

    /** Whether the path is a playback report whose owner-token copy lands in the owner's history. */
    public static boolean isPlaybackReport(String path) {
        return path.equals("/:/timeline") || path.equals("/:/scrobble") || path.equals("/:/progress");
    }

    /** Methods Plex clients report playback with; anything else is never switched to the owner token. */
    public static boolean isReportMethod(String method) {
        return method.equals("GET") || method.equals("POST") || method.equals("PUT");
    }

    /**
     * The item a {@code /:/scrobble} marks as watched: its {@code ratingKey}, else (Doorman: Plex's own
     * scrobble call names it {@code key=<ratingKey>}) a numeric {@code key}; null when neither.
     */
    public static String scrobbledItem(List<Map.Entry<String, String>> query) {
        String rk = GoUrlDecoding.first(query, "ratingKey");
        if (rk != null && !rk.isBlank()) {
            return rk.trim();
        }
        String key = GoUrlDecoding.first(query, "key");
        return key != null && key.matches("[0-9]{1,18}") ? key : null;
    }

    /**
     * The correlation keys of a request: session ({@code X-Plex-Session-Identifier} header or query,
     * {@code session}, {@code sessionID}), client ({@code X-Plex-Client-Identifier} header or query,
     * {@code clientIdentifier}), both from a {@code /livetv/sessions/{session}/{client}/…} path or {@code key}
     * parameter, and play queue ({@code playQueueID}, {@code playQueueItemID}).
     */
    public static List<Key> keys(String rawPath, List<Map.Entry<String, String>> query, Function<String, String> header) {
        Set<Key> out = new LinkedHashSet<>();
        add(out, "session", header.apply("X-Plex-Session-Identifier"));
        add(out, "client", header.apply("X-Plex-Client-Identifier"));
        for (Map.Entry<String, String> e : query) {
            switch (e.getKey()) {
                case "X-Plex-Session-Identifier", "session", "sessionID" -> add(out, "session", e.getValue());
                case "X-Plex-Client-Identifier", "clientIdentifier" -> add(out, "client", e.getValue());
                case "playQueueID" -> add(out, "play_queue", e.getValue());
                case "playQueueItemID" -> add(out, "play_queue_item", e.getValue());
                case "key" -> fromSessionPath(out, e.getValue());
                default -> { }
            }
        }
        fromSessionPath(out, GoUrlDecoding.pathUnescape(rawPath));
        return List.copyOf(out);
    }

    private static void fromSessionPath(Set<Key> out, String path) {
        String prefix = "/livetv/sessions/";
        if (path == null || !path.startsWith(prefix)) {
            return;
        }
        String[] seg = path.substring(prefix.length()).split("/", 3);
        add(out, "session", seg[0]);
        if (seg.length > 1) {
            add(out, "client", seg[1]);
        }
    }

    private static void add(Set<Key> out, String kind, String value) {
        if (value != null && !value.isBlank()) {
            out.add(new Key(kind, value.trim()));
        }
    }

    /** Names of the kinds among the keys, for log lines (values are never logged). */
    public static List<String> kinds(List<Key> keys) {
        List<String> out = new ArrayList<>(keys.size());
        for (Key k : keys) {
            if (!out.contains(k.kind())) {
                out.add(k.kind());
            }
        }
        return out;
    }

    /**
     * Remembers the keys for this user token and source (refreshing the expiry).
     *
     * @return whether any key was new or changed hands, so the caller logs it once rather than per segment
     */
    public boolean track(List<Key> keys, String userToken, String sourceKey) {
        long expires = millis.getAsLong() + EXPIRY.toMillis();
        boolean changed = false;
        synchronized (byKey) {
            for (Key k : keys) {
                Tracked old = byKey.remove(k.id()); // re-insert: a refreshed key moves to the young end
                changed |= old == null || !old.userToken().equals(userToken) || !old.sourceKey().equals(sourceKey);
                byKey.put(k.id(), new Tracked(userToken, sourceKey, expires));
            }
            evictOverflow();
        }
        return changed;
    }

    /** What the keys match: a playback from this source wins over one from another source. */
    public Match match(List<Key> keys, String sourceKey) {
        long now = millis.getAsLong();
        boolean other = false;
        synchronized (byKey) {
            for (Key k : keys) {
                Tracked t = byKey.get(k.id());
                if (t == null) {
                    continue;
                }
                if (t.expiresAtMillis() <= now) {
                    byKey.remove(k.id());
                    continue;
                }
                if (t.sourceKey().equals(sourceKey)) {
                    return new Same(t.userToken());
                }
                other = true;
            }
        }
        return other ? new OtherSource() : new NoMatch();
    }

    /** Forgets the keys ({@code state=stopped}). */
    public void forget(List<Key> keys) {
        synchronized (byKey) {
            for (Key k : keys) {
                byKey.remove(k.id());
            }
        }
    }

    private void evictOverflow() {
        long now = millis.getAsLong();
        Iterator<Tracked> it = byKey.values().iterator();
        while (byKey.size() > maxKeys && it.hasNext()) {
            it.next();
            it.remove();
            evictions++;
        }
        // Expired entries at the old end go too (all share one lifetime, so the oldest expire first).
        it = byKey.values().iterator();
        while (it.hasNext()) {
            if (it.next().expiresAtMillis() > now) {
                break;
            }
            it.remove();
        }
    }

    /** Keys remembered now. */
    public int size() {
        synchronized (byKey) {
            return byKey.size();
        }
    }

    /** Keys dropped to keep the map bounded. */
    public long evictions() {
        synchronized (byKey) {
            return evictions;
        }
    }
}
