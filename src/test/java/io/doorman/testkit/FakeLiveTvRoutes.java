package io.doorman.testkit;

import io.doorman.testkit.FakeLiveTvState.Scripted;
import io.doorman.testkit.PlexDoc.Element;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The fake PMS's Live TV routes (DVR list, media providers, provider pages, prefs, playback reports) and its
 * scripted answers; kept apart from FakePmsRoutes so that one stays about plain HTTP behaviour.
 */
final class FakeLiveTvRoutes {

    static final String XML = "application/xml; charset=utf-8";
    static final String JSON = "application/json";
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Set<String> PLAYBACK = Set.of("/:/timeline", "/:/scrobble", "/:/unscrobble", "/:/progress");
    private static final String PROVIDER_PATH = "/" + LiveTvDocs.PROVIDER_PREFIX;

    private final FakeLiveTvState state;

    FakeLiveTvRoutes(FakeLiveTvState state) {
        this.state = state;
    }

    /** Answers with the test's scripted bytes when the path is scripted; scripts win over every other route. */
    boolean answerScripted(Exchange ex) throws IOException {
        Scripted s = state.scripted(ex.request.path());
        if (s == null) {
            return false;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(s.headers());
        // A test that sets its own framing (a lying Content-Length, chunked) wants exactly that on the wire.
        boolean framed = HttpWire.first(headers, "Content-Length") != null
                || HttpWire.first(headers, "Transfer-Encoding") != null;
        boolean mayHaveContent = s.status() >= 200 && s.status() != 204 && s.status() != 304;
        if (!framed && mayHaveContent) {
            headers.add(Map.entry("Content-Length", Integer.toString(s.body().length)));
        }
        ex.writeHead(s.status(), headers);
        if (!ex.isHead()) {
            ex.out.write(s.body());
        }
        ex.out.flush();
        return true;
    }

    /** Answers the request if its path is a Live TV route; false leaves it to the other routes. */
    boolean handle(Exchange ex) throws IOException, InterruptedException {
        String path = ex.request.path();
        boolean owner = state.isOwner(ex.request);
        if (PLAYBACK.contains(path)) {
            playback(ex);
        } else if (path.equals("/livetv/dvrs")) {
            state.countDvrsRequest();
            FakePmsRoutes.getOnly(ex, () -> gated(ex, owner, () -> dvrs(ex),
                    () -> send(ex, 200, XML, FakePmsRoutes.utf8(LiveTvDocs.EMPTY_CONTAINER))), true);
        } else if (path.equals("/media/providers")) {
            FakePmsRoutes.getOnly(ex, () -> gated(ex, owner, () -> sendDoc(ex, LiveTvDocs.providers(owner)),
                    () -> send(ex, 200, XML, FakePmsRoutes.utf8(SharedUserDocs.providersWithoutLiveTv()))), true);
        } else if (path.equals("/library/sections") && state.sectionScope(FakeLiveTvState.token(ex.request)) != null) {
            FakePmsRoutes.getOnly(ex, () -> send(ex, 200, XML, FakePmsRoutes.utf8(
                    SharedUserDocs.sections(state.sectionScope(FakeLiveTvState.token(ex.request))))), true);
        } else if (path.equals("/:/prefs") && ex.request.method().equals("PUT")) {
            putPrefs(ex, owner);
        } else if (path.equals("/:/prefs")) {
            FakePmsRoutes.getOnly(ex, () -> getPrefs(ex, owner), true);
        } else if (path.startsWith(PROVIDER_PATH)) {
            FakePmsRoutes.getOnly(ex, () -> gated(ex, owner,
                    () -> providerPage(ex, path.substring(PROVIDER_PATH.length()), owner),
                    () -> ex.respondText(404, "fake PMS: no Live TV for this account")), true);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Answers a Live TV route as the {@link LiveTvAccess} switch says: the owner, or anyone when it is OPEN, gets
     * {@code full}; otherwise an unknown token 401, and a shared user 403 or {@code hidden}.
     */
    private void gated(Exchange ex, boolean owner, FakePmsRoutes.Route full, FakePmsRoutes.Route hidden)
            throws IOException {
        LiveTvAccess access = state.access();
        if (owner || access == LiveTvAccess.OPEN) {
            full.run();
        } else if (!state.isKnownToken(FakeLiveTvState.token(ex.request))) {
            ex.respondText(401, "fake PMS: unauthorized");
        } else if (access == LiveTvAccess.SHARED_USER_FORBIDDEN) {
            ex.respondText(403, "fake PMS: no Live TV for this account");
        } else {
            hidden.run();
        }
    }

    /**
     * {@code PUT /:/prefs?Id=v&…}: the owner's token only (none or an unknown one: 401; a shared user's: 403, as
     * newer servers answer); an unknown id or a bad value: 400 and nothing changes.
     */
    private void putPrefs(Exchange ex, boolean owner) throws IOException {
        if (!owner) {
            boolean known = state.isKnownToken(FakeLiveTvState.token(ex.request));
            ex.respondText(known ? 403 : 401, known ? "fake PMS: not the owner" : "fake PMS: unauthorized");
            return;
        }
        String refused = state.prefs().put(ex.request.query());
        if (refused != null) {
            ex.respondText(400, "fake PMS: " + refused);
        } else {
            ex.respond(200, "text/html", new byte[0], List.of());
        }
    }

    /**
     * {@code GET /:/prefs}: every setting for the owner; another token sees only the allowTuners hint, as shared
     * users' apps read it, and none of the owner's network settings. Without a token, or before a test names the
     * owner, the whole list is served (tests of the fake itself read it so).
     */
    private void getPrefs(Exchange ex, boolean owner) throws IOException {
        boolean everything = owner || !state.ownerIsSet() || FakeLiveTvState.token(ex.request) == null;
        sendDoc(ex, LiveTvDocs.prefs(everything, everything ? state.prefs().settings() : List.of()));
    }

    /** {@code GET /}: the server root, whose allowTuners says whether this token may use tuners. */
    void root(Exchange ex) throws IOException {
        send(ex, 200, XML, FakePmsRoutes.utf8(PlexXml.root(state.isOwner(ex.request))));
    }

    /** {@code GET /identity}: the same for every token (PMS answers it even without one). */
    void identity(Exchange ex) throws IOException {
        send(ex, 200, XML, FakePmsRoutes.utf8(PlexXml.IDENTITY));
    }

    private void dvrs(Exchange ex) throws IOException {
        int status = state.dvrsStatus();
        if (status == 204 || status == 304) {
            ex.writeHead(status, List.of(Map.entry("Content-Type", XML)));
            ex.out.flush();
        } else if (status != 200) {
            ex.respondText(status, "fake PMS: /livetv/dvrs is set to answer " + status);
        } else {
            send(ex, 200, XML, FakePmsRoutes.utf8(state.dvrsXml()));
        }
    }

    /** {@code rest} is what follows the provider prefix: {@code 2}, {@code 2/watchnow}, {@code 2/hubs/discover}. */
    private static void providerPage(Exchange ex, String rest, boolean owner) throws IOException {
        int slash = rest.indexOf('/');
        String number = slash < 0 ? rest : rest.substring(0, slash);
        int key;
        try {
            key = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            key = -1;
        }
        if (!LiveTvDocs.DVR_KEYS.contains(key)) {
            ex.respondText(404, "no provider " + LiveTvDocs.PROVIDER_PREFIX + number);
            return;
        }
        sendDoc(ex, LiveTvDocs.providerPage(key, slash < 0, owner));
    }

    /** Playback reports: PMS accepts them with any method and answers an empty container. */
    private void playback(Exchange ex) throws IOException, InterruptedException {
        Duration delay = state.playbackDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : delay);
        }
        send(ex, 200, XML, FakePmsRoutes.utf8(LiveTvDocs.EMPTY_CONTAINER));
    }

    /** JSON when the client's Accept names it, XML otherwise — the same choice PMS makes. */
    private static void sendDoc(Exchange ex, Element doc) throws IOException {
        if (wantsJson(ex.request)) {
            send(ex, 200, JSON, doc.json());
        } else {
            send(ex, 200, XML, FakePmsRoutes.utf8(doc.xml()));
        }
    }

    /** Gzips the body when the client accepts it, as PMS does, so a proxy meets compressed documents. */
    private static void send(Exchange ex, int status, String contentType, byte[] body) throws IOException {
        if (acceptsGzip(ex.request)) {
            ex.respond(status, contentType, gzip(body), List.of(Map.entry("Content-Encoding", "gzip")));
        } else {
            ex.respond(status, contentType, body);
        }
    }

    static boolean wantsJson(RecordedRequest req) {
        return req.headers("Accept").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(JSON));
    }

    /** Whether Accept-Encoding lists gzip with a non-zero weight (RFC 9110 §12.5.3). */
    static boolean acceptsGzip(RecordedRequest req) {
        for (String value : req.headers("Accept-Encoding")) {
            for (String item : value.split(",")) {
                String[] parts = item.split(";");
                if (!parts[0].strip().equalsIgnoreCase("gzip")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].strip();
                    if (p.regionMatches(true, 0, "q=", 0, 2)) {
                        try {
                            refused = Double.parseDouble(p.substring(2).strip()) == 0;
                        } catch (NumberFormatException e) {
                            refused = true; // an unreadable weight is no promise to decode
                        }
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }
}
