package io.doorman.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a fake PMS request to its route; plain Plex-shaped and control routes live here, Live TV ones and scripted
 * answers in FakeLiveTvRoutes, byte streams in PatternRoutes.
 */
final class FakePmsRoutes {

    private static final String XML = "application/xml; charset=utf-8";
    private static final String JSON = "application/json";
    /** Caps sleeps and hangs so a forgotten test cannot park a thread forever. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final FakePms server;
    private final FakeLiveTvRoutes liveTv;
    private final FakeLiveTvState state;
    private final ObjectMapper json = new ObjectMapper();

    FakePmsRoutes(FakePms server, FakeLiveTvState liveTvState) {
        this.server = server;
        this.liveTv = new FakeLiveTvRoutes(liveTvState);
        this.state = liveTvState;
    }

    void handle(Exchange ex) throws IOException, InterruptedException {
        RecordedRequest req = ex.request;
        String path = req.path();
        if (liveTv.answerScripted(ex) || liveTv.handle(ex)) {
            return;
        }
        if (isWebSocketUpgrade(req) && (path.equals("/:/websockets/notifications") || path.equals("/echo-ws"))) {
            WebSocketEchoSession.run(ex);
            return;
        }
        if (path.equals("/status/sessions")) {
            getOnly(ex, () -> sessions(ex), true);
            return;
        }
        if (path.equals("/echo") || path.startsWith("/echo/")) {
            echo(ex);
            return;
        }
        String[] seg = path.split("/", -1); // "/bytes/10" -> ["", "bytes", "10"]
        String first = seg.length > 1 ? seg[1] : "";
        try {
            switch (first) {
                case "" -> getOnly(ex, () -> liveTv.root(ex), path.equals("/"));
                case "identity" -> getOnly(ex, () -> liveTv.identity(ex), seg.length == 2);
                case "library" -> getOnly(ex, () -> sections(ex), path.equals("/library/sections"));
                case "bytes" -> PatternRoutes.bytes(ex, number(seg, 2, 3));
                case "chunked" -> PatternRoutes.chunked(ex, number(seg, 2, 3));
                case "until-close" -> PatternRoutes.untilClose(ex, number(seg, 2, 3));
                case "slow-body" -> PatternRoutes.slowBody(ex, number(seg, 2, 4), number(seg, 3, 4));
                case "status" -> status(ex, number(seg, 2, 3));
                case "slow" -> slow(ex, number(seg, 2, 3));
                case "hang" -> hang(ex);
                case "drop" -> ex.closeAfter();
                case "upload" -> upload(ex);
                default -> ex.respondText(404, "no route for " + path);
            }
        } catch (NumberFormatException e) {
            ex.respondText(400, "bad number in " + path);
        }
    }

    /** One route's answer, deferred until the method and path have been checked. */
    interface Route {
        void run() throws IOException;
    }

    static void getOnly(Exchange ex, Route route, boolean pathMatches) throws IOException {
        if (!pathMatches) {
            ex.respondText(404, "no route for " + ex.request.path());
        } else if (!ex.request.method().equals("GET") && !ex.isHead()) {
            ex.respond(405, "text/plain; charset=utf-8", utf8("method not allowed\n"), List.of(Map.entry("Allow", "GET, HEAD")));
        } else {
            route.run();
        }
    }

    /** Parses path segment {@code index} as a non-negative long; the path must have exactly {@code segments} parts. */
    private static long number(String[] seg, int index, int segments) {
        if (seg.length != segments) {
            throw new NumberFormatException("wrong number of path segments");
        }
        long n = Long.parseLong(seg[index]);
        if (n < 0) {
            throw new NumberFormatException("negative");
        }
        return n;
    }

    private void sections(Exchange ex) throws IOException {
        Set<String> known = server.tokens();
        RecordedRequest req = ex.request;
        String queryToken = req.queryParam("X-Plex-Token");
        String headerToken = req.header("X-Plex-Token");
        boolean allowed = known.isEmpty()
                || (queryToken != null && known.contains(queryToken))
                || (headerToken != null && known.contains(headerToken));
        if (allowed) {
            ex.respond(200, XML, utf8(PlexXml.SECTIONS));
        } else {
            ex.respond(401, "text/html", utf8(PlexXml.UNAUTHORIZED));
        }
    }

    /** {@code GET /status/sessions}: the owner's token only (a shared user's: 403, as newer servers; none or unknown: 401). */
    private void sessions(Exchange ex) throws IOException {
        if (!state.isOwner(ex.request)) {
            boolean known = state.isKnownToken(FakeLiveTvState.token(ex.request));
            ex.respondText(known ? 403 : 401, known ? "fake PMS: not the owner" : "fake PMS: unauthorized");
            return;
        }
        PlexDoc.Element doc = server.sessionsDoc();
        if (FakeLiveTvRoutes.wantsJson(ex.request)) {
            ex.respond(200, JSON, doc.json());
        } else {
            ex.respond(200, XML, utf8(doc.xml()));
        }
    }

    private void echo(Exchange ex) throws IOException {
        RecordedRequest req = ex.request;
        ObjectNode root = json.createObjectNode();
        root.put("method", req.method());
        root.put("target", req.target());
        root.put("version", req.version());
        ArrayNode headers = root.putArray("headers");
        for (Map.Entry<String, String> h : req.headers()) {
            headers.addArray().add(h.getKey()).add(h.getValue());
        }
        root.put("bodyLength", req.bodyLength());
        root.put("bodySha256", req.bodySha256());
        ex.respond(200, JSON, json.writeValueAsBytes(root));
    }

    private void upload(Exchange ex) throws IOException {
        String method = ex.request.method();
        if (!method.equals("POST") && !method.equals("PUT")) {
            ex.respond(405, "text/plain; charset=utf-8", utf8("use POST or PUT\n"), List.of(Map.entry("Allow", "POST, PUT")));
            return;
        }
        // The connection already streamed the body through the digest before routing.
        ObjectNode root = json.createObjectNode();
        root.put("bytes", ex.request.bodyLength());
        root.put("sha256", ex.request.bodySha256());
        ex.respond(200, JSON, json.writeValueAsBytes(root));
    }

    private static void status(Exchange ex, long code) throws IOException {
        if (code < 200 || code > 599) {
            ex.respondText(400, "status must be 200..599");
            return;
        }
        int status = (int) code;
        if (status == 204 || status == 304) {
            // RFC 9110 §15.3.5/§15.4.5: these never carry content, so no Content-Length either.
            ex.writeHead(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")));
            ex.out.flush();
            return;
        }
        ex.respondText(status, "status " + status);
    }

    private static void slow(Exchange ex, long ms) throws IOException, InterruptedException {
        Thread.sleep(Math.min(ms, MAX_WAIT.toMillis()));
        ex.respond(200, "text/plain; charset=utf-8", utf8("slow"));
    }

    /** Never answers: waits for the peer to close (or the fake to), discarding anything else it sends. */
    private static void hang(Exchange ex) throws IOException {
        ex.closeAfter();
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                if (ex.in.read(sink) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // The idle timeout elapsed; keep hanging until the overall cap.
            }
        }
    }

    private static boolean isWebSocketUpgrade(RecordedRequest req) {
        return HttpWire.hasToken(req.headers(), "Upgrade", "websocket");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
