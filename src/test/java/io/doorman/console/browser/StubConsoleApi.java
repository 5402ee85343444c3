package io.doorman.console.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A test-only stand-in for the console's admin listener: serves the UI from the classpath
 * ({@code io/doorman/console/ui/}) under the strict CSP, answers the API contract's endpoints from {@link StubState}
 * with the contract's auth rules (session cookie, CSRF header, 401/403), and records every API call.
 */
public final class StubConsoleApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "doorman_session";
    private static final Duration STREAM_LIMIT = Duration.ofSeconds(30);

    /**
     * One API call as the stub received it; {@code csrfValid} when it carried the session's own CSRF token.
     */
    public record Call(String method, String path, String query, String csrfHeader, boolean withSession,
            boolean csrfValid, String body) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What a handler answers. */
    record Answer(int status, Object body, Map<String, String> headers) {
        static Answer json(int status, Object body) {
            return new Answer(status, body, Map.of());
        }

        static Answer error(int status, String message, String field) {
            ObjectNode o = JSON.createObjectNode().put("error", message);
            if (field != null) {
                o.put("field", field);
            }
            return json(status, o);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final BlockingQueue<String> testLines = new LinkedBlockingQueue<>();
    private final List<BlockingQueue<String>> eventClients = new CopyOnWriteArrayList<>();
    private final StubState state = new StubState();
    private volatile boolean running = true;

    private StubConsoleApi(HttpServer server) {
        this.server = server;
    }

    /** Starts the stub on a free loopback port. */
    public static StubConsoleApi start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StubConsoleApi stub = new StubConsoleApi(server);
        server.setExecutor(stub.threads);
        server.createContext("/", stub::handle);
        server.start();
        return stub;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The canned data the API answers from (tests change it before loading a page). */
    public StubState state() {
        return state;
    }

    /** Every API call so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits (up to 10 s) for an API call with this method and path, and returns the first. */
    public Call awaitCall(String method, String path) {
        return awaitCall(c -> c.method().equals(method) && c.path().equals(path), method + " " + path);
    }

    /** Waits (up to 10 s) for a call matching the test. */
    public Call awaitCall(Predicate<Call> test, String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(10)).until(
                () -> calls.stream().filter(test).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Ends every console session, as a restart would: the next API call gets 401. */
    public void endSessions() {
        sessions.clear();
    }

    /** Hands the running {@code POST /api/hosts/{name}/test} one more ndjson line. */
    public void sendTestLine(String json) {
        testLines.add(json);
    }

    /** How many {@code /api/events} streams are open. */
    public int eventClients() {
        return eventClients.size();
    }

    /** Sends one server-sent event to every open {@code /api/events} stream. */
    public void sendEvent(String name, String json) {
        String frame = "event: " + name + "\ndata: " + json + "\n\n";
        eventClients.forEach(q -> q.add(frame));
    }

    /** Forgets calls, sessions and data: a fresh console that still needs its setup. */
    public void reset() {
        calls.clear();
        sessions.clear();
        testLines.clear();
        state.reset();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (!path.startsWith("/api/")) {
                ClasspathUi.serve(ex, path);
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String session = sessionOf(ex);
            String method = ex.getRequestMethod();
            String csrf = ex.getRequestHeaders().getFirst("X-CSRF-Token");
            calls.add(new Call(method, path, ex.getRequestURI().getRawQuery(), csrf, session != null,
                    session != null && sessions.get(session).equals(csrf), body));
            Answer auth = authorize(ex, method, path, session);
            if (auth != null) {
                send(ex, auth);
            } else if (method.equals("POST") && path.matches("/api/hosts/[^/]+/test")) {
                streamTestLines(ex);
            } else if (method.equals("GET") && path.equals("/api/events")) {
                streamEvents(ex);
            } else {
                send(ex, route(ex, method, path, body, session));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    /** The contract's gate: open endpoints, a session for the rest, the CSRF header for every change. */
    private Answer authorize(HttpExchange ex, String method, String path, String session) {
        boolean open = path.equals("/api/session") || path.equals("/api/login") || path.equals("/api/setup");
        if (open) {
            return null;
        }
        if (session == null) {
            return Answer.error(401, "log in first", null);
        }
        boolean changes = !method.equals("GET") && !method.equals("HEAD");
        if (changes && !sessions.get(session).equals(ex.getRequestHeaders().getFirst("X-CSRF-Token"))) {
            return Answer.error(403, "missing or wrong X-CSRF-Token", null);
        }
        return null;
    }

    private Answer route(HttpExchange ex, String method, String path, String body, String session) throws IOException {
        switch (method + " " + path) {
            case "GET /api/session":
                return Answer.json(200, JSON.createObjectNode().put("authenticated", session != null)
                        .put("csrfToken", session == null ? "" : sessions.get(session))
                        .put("setupRequired", state.setupRequired()));
            case "POST /api/setup":
                return signIn(ex, state.setup(JSON.readTree(body)));
            case "POST /api/login":
                return signIn(ex, state.login(JSON.readTree(body)));
            case "POST /api/logout":
                sessions.remove(session);
                return new Answer(204, null, Map.of("Set-Cookie", COOKIE + "=; Max-Age=0; Path=/"));
            default:
                return state.answer(method, path, ex.getRequestURI().getRawQuery(), body);
        }
    }

    private Answer signIn(HttpExchange ex, Answer outcome) {
        if (outcome.status() != 200) {
            return outcome;
        }
        String id = UUID.randomUUID().toString();
        String csrf = UUID.randomUUID().toString();
        sessions.put(id, csrf);
        return new Answer(200, JSON.createObjectNode().put("authenticated", true).put("csrfToken", csrf),
                Map.of("Set-Cookie", COOKIE + "=" + id + "; HttpOnly; SameSite=Strict; Path=/"));
    }

    private String sessionOf(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE) && sessions.containsKey(kv[1])) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    private void streamTestLines(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        long end = System.nanoTime() + STREAM_LIMIT.toNanos();
        while (running && System.nanoTime() < end) {
            String line = poll(testLines);
            if (line == null) {
                continue;
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (JSON.readTree(line).has("done")) {
                break;
            }
        }
    }

    private void streamEvents(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        BlockingQueue<String> mine = new LinkedBlockingQueue<>();
        eventClients.add(mine);
        try {
            out.write(": stub events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long end = System.nanoTime() + STREAM_LIMIT.toNanos();
            while (running && System.nanoTime() < end) {
                String frame = poll(mine);
                // A comment each idle round finds a browser that went away.
                out.write((frame == null ? ": idle\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // The page closed its EventSource.
        } finally {
            eventClients.remove(mine);
        }
    }

    private static String poll(BlockingQueue<String> queue) {
        try {
            return queue.poll(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void send(HttpExchange ex, Answer a) throws IOException {
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (a.body() == null) {
            ex.sendResponseHeaders(a.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(a.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        running = false;
        server.stop(0);
        threads.shutdownNow();
    }

    /** For tests that list what they saw. */
    List<String> callLines() {
        List<String> out = new ArrayList<>();
        calls.forEach(c -> out.add(c.method() + " " + c.path()));
        return out;
    }
}
