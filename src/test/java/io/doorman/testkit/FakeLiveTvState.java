package io.doorman.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What a test has configured on the fake PMS's Live TV routes (owner token, DVR answer, playback delay, scripted
 * answers); every field may change while the fake is serving, so each is volatile or concurrent.
 */
final class FakeLiveTvState {

    /** A byte-exact answer for one path: status, headers as given, body (Content-Length is added if absent). */
    record Scripted(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        Scripted {
            headers = List.copyOf(headers);
            body = body.clone();
        }
    }

    private volatile String ownerToken;
    private volatile String dvrsXml = LiveTvDocs.DVRS_XML;
    private volatile int dvrsStatus = 200;
    private volatile Duration playbackDelay = Duration.ZERO;
    private final AtomicInteger dvrsRequests = new AtomicInteger();
    private final Map<String, Scripted> scripts = new ConcurrentHashMap<>();
    private final FakePrefs prefs = new FakePrefs();
    private volatile Predicate<String> knownToken = t -> false;
    private volatile LiveTvAccess access = LiveTvAccess.OPEN;
    private final Map<String, Set<String>> sectionScopes = new ConcurrentHashMap<>();

    FakePrefs prefs() {
        return prefs;
    }

    /** How the routes tell a token this server knows (a shared user's) from a stranger's. */
    void knownTokens(Predicate<String> known) {
        knownToken = known;
    }

    /** The request's token as PMS reads it: the query's X-Plex-Token, else the header; null when neither. */
    static String token(RecordedRequest req) {
        String token = req.queryParam("X-Plex-Token");
        return token != null ? token : req.header("X-Plex-Token");
    }

    boolean isKnownToken(String token) {
        return token != null && knownToken.test(token);
    }

    boolean ownerIsSet() {
        return ownerToken != null;
    }

    void ownerToken(String token) {
        ownerToken = token;
    }

    /** Whether the request's token (query X-Plex-Token, else the header, as PMS reads it) is the owner's. */
    boolean isOwner(RecordedRequest req) {
        String owner = ownerToken;
        if (owner == null) {
            return false;
        }
        return owner.equals(token(req));
    }

    void dvrsXml(String xml) {
        dvrsXml = xml == null ? LiveTvDocs.DVRS_XML : xml;
    }

    String dvrsXml() {
        return dvrsXml;
    }

    void dvrsStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("dvrs status must be 200..599, got " + status);
        }
        dvrsStatus = status;
    }

    int dvrsStatus() {
        return dvrsStatus;
    }

    int countDvrsRequest() {
        return dvrsRequests.incrementAndGet();
    }

    int dvrsRequests() {
        return dvrsRequests.get();
    }

    void playbackDelay(Duration delay) {
        playbackDelay = Objects.requireNonNull(delay);
    }

    Duration playbackDelay() {
        return playbackDelay;
    }

    void script(String path, Scripted answer) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a scripted path starts with '/', got " + path);
        }
        scripts.put(path, answer);
    }

    Scripted scripted(String path) {
        return scripts.get(path);
    }

    void clearScripts() {
        scripts.clear();
    }

    void access(LiveTvAccess access) {
        this.access = Objects.requireNonNull(access);
    }

    LiveTvAccess access() {
        return access;
    }

    /** A shared user whose /library/sections shows only these section keys. */
    void sectionScope(String token, Set<String> keys) {
        sectionScopes.put(token, Set.copyOf(keys));
    }

    /** The section keys this token may list, or null when it is not a scoped shared user. */
    Set<String> sectionScope(String token) {
        return token == null ? null : sectionScopes.get(token);
    }
}
