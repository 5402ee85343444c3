package io.doorman.livetv;

import io.doorman.guard.PlaybackLine;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.Header;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The background calls of {@code -neutralize-owner-history}, made after the client already has its answer:
 * the playback report replayed under the user's own token (so the user's history keeps it) and, after an
 * owner-token scrobble, the {@code /:/unscrobble} that takes it out of the owner's history. Bounded: each call
 * has a 10 s timeout, and at most a few run at once; one more is dropped and logged, never queued.
 */
public final class PlaybackFollowUps {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;

    /**
     * What an owner-token playback report needs afterwards.
     *
     * @param method    the report's method
     * @param rawPath   its path
     * @param rawQuery  its query, still encoded (a token in it is replaced)
     * @param plexHeaders its {@code X-Plex-*} headers except the token, sent along with the replay
     * @param userToken the user's own token
     * @param ratingKey for a {@code /:/scrobble}: the item to unscrobble from the owner's history, else null
     */
    public record FollowUp(String method, String rawPath, String rawQuery, List<Header> plexHeaders, String userToken,
            String ratingKey) {
        public FollowUp {
            plexHeaders = List.copyOf(plexHeaders);
        }
    }

    private final PmsClient pms;
    private final String ownerToken;
    private final Semaphore slots;
    private final Consumer<String> log;

    public PlaybackFollowUps(PmsClient pms, String ownerToken, int maxInFlight, Consumer<String> log) {
        this.pms = pms;
        this.ownerToken = ownerToken;
        this.slots = new Semaphore(maxInFlight);
        this.log = log;
    }

    /**
     * Starts the follow-up calls for a report PMS answered with {@code status}; returns at once.
     * The unscrobble only follows a scrobble PMS accepted.
     */
    public void run(FollowUp f, int status) {
        String query = PlexTokenLocation.inQuery(f.rawQuery())
                ? PlexTokenLocation.replaceInQuery(f.rawQuery(), f.userToken()) : f.rawQuery();
        call("user_replay", f.method(), f.rawPath(), query, f.plexHeaders(), f.userToken());
        if (f.ratingKey() != null && status / 100 == 2) {
            String k = URLEncoder.encode(f.ratingKey(), StandardCharsets.UTF_8);
            call("owner_unscrobble", "GET", "/:/unscrobble", "ratingKey=" + k + "&key=%2Flibrary%2Fmetadata%2F" + k
                    + "&identifier=com.plexapp.plugins.library", List.of(), ownerToken);
        }
    }

    private void call(String what, String method, String path, String query, List<Header> headers, String token) {
        String tokenFp = PlexTokens.fingerprint(token);
        if (!slots.tryAcquire()) {
            log.accept(PlaybackLine.background(what + "_dropped", path, tokenFp, 0, Duration.ZERO,
                    "too many background calls in flight"));
            return;
        }
        long start = System.nanoTime();
        CompletableFuture<Integer> sent;
        try { // the client refuses some requests only at send time (method CONNECT): the slot must come back then too
            List<Map.Entry<String, String>> send = new ArrayList<>(headers.size() + 2);
            for (Header h : headers) {
                send.add(Map.entry(h.name(), h.value()));
            }
            send.add(Map.entry(PlexTokenLocation.NAME, token));
            send.add(Map.entry("Accept", "application/xml"));
            sent = pms.status(method.toUpperCase(Locale.ROOT), path + (query.isEmpty() ? "" : "?" + query), send,
                    TIMEOUT);
        } catch (RuntimeException e) {
            slots.release();
            log.accept(PlaybackLine.background(what + "_failed", path, tokenFp, 0, Duration.ZERO,
                    e instanceof IllegalArgumentException ? "unusable target, method or header"
                            : e.getClass().getSimpleName()));
            return;
        }
        sent.whenComplete((status, err) -> {
            slots.release();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (err != null) {
                Throwable c = err.getCause() != null ? err.getCause() : err;
                String why = c instanceof HttpTimeoutException ? "timed out after 10s" : c.getClass().getSimpleName();
                log.accept(PlaybackLine.background(what + "_failed", path, tokenFp, 0, took, why));
            } else {
                boolean ok = status / 100 == 2;
                log.accept(PlaybackLine.background(ok ? what : what + "_failed", path, tokenFp, status,
                        took, ok ? null : "PMS answered " + status));
            }
        });
    }
}
