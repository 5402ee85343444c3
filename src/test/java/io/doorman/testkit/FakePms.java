package io.doorman.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fake Plex Media Server on a real loopback socket, hand-written on blocking sockets (one virtual thread per
 * connection) so it shares no code with the proxy under test and tests control every byte.
 */
public final class FakePms implements AutoCloseable {

    /** How long a connection may sit waiting for its next request before the fake drops it. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final ServerSocket serverSocket;
    private final FakeLiveTvState liveTv = new FakeLiveTvState();
    private final FakePmsRoutes routes = new FakePmsRoutes(this, liveTv);
    private final Map<Integer, FakePmsConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final AtomicInteger brokenPipes = new AtomicInteger();
    private final List<RecordedRequest> requests = new ArrayList<>(); // guarded by itself
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Thread acceptThread;
    private volatile boolean closing;
    private volatile boolean closeAfterResponse;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile List<Map.Entry<String, String>> extraResponseHeaders = List.of();

    private FakePms(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        liveTv.knownTokens(tokens::contains);
        this.acceptThread = Thread.ofVirtual().name("fake-pms-accept-" + serverSocket.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts a fake PMS on 127.0.0.1 and an ephemeral port. */
    public static FakePms start() {
        return start(InetAddress.getLoopbackAddress());
    }

    /** Starts a fake PMS on {@code bindAddr} (e.g. ::1) and an ephemeral port. */
    public static FakePms start(InetAddress bindAddr) {
        try {
            return new FakePms(new ServerSocket(0, 1024, bindAddr));
        } catch (IOException e) {
            throw new UncheckedIOException("fake PMS could not bind " + bindAddr, e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(serverSocket.getInetAddress(), port());
    }

    /** {@code http://127.0.0.1:port} (or {@code http://[::1]:port}), no trailing slash. */
    public URI baseUri() {
        InetAddress addr = serverSocket.getInetAddress();
        String host = addr instanceof Inet6Address ? "[" + addr.getHostAddress() + "]" : addr.getHostAddress();
        return URI.create("http://" + host + ":" + port());
    }

    // ---- recorded traffic ----

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The latest request, or null. */
    public RecordedRequest lastRequest() {
        synchronized (requests) {
            return requests.isEmpty() ? null : requests.getLast();
        }
    }

    /** The first request (already received or arriving within {@code timeout}) that matches; AssertionError otherwise. */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (true) {
                for (RecordedRequest r : requests) {
                    if (match.test(r)) {
                        return r;
                    }
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new AssertionError("no matching request within " + timeout + "; received: " + requests);
                }
                try {
                    requests.wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a request", e);
                }
            }
        }
    }

    /** Forgets recorded requests (counters are kept). */
    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }

    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public int openConnections() {
        return connections.size();
    }

    /** Connections on which a write failed because the peer had gone (closed or reset). */
    public int brokenPipes() {
        return brokenPipes.get();
    }

    // ---- tokens ----

    /** Adds a token /library/sections accepts; once any is known, requests without one get 401. */
    public void addToken(String token) {
        tokens.add(Objects.requireNonNull(token));
    }

    public Set<String> tokens() {
        return Set.copyOf(tokens);
    }

    // ---- Live TV (see FakeLiveTvRoutes) ----

    /** The owner's token: /, /media/providers, /:/prefs and provider pages say allowTuners="1" only to it. */
    public void ownerToken(String token) {
        liveTv.ownerToken(token);
    }

    /** Replaces the /livetv/dvrs body from the next request on; null restores {@link #defaultDvrsXml()}. */
    public void dvrsXml(String xml) {
        liveTv.dvrsXml(xml);
    }

    /** The default /livetv/dvrs body: DVRs 2, 5 and 7, labelled by lineupTitle, title and lineup fragment. */
    public static String defaultDvrsXml() {
        return LiveTvDocs.DVRS_XML;
    }

    /** Makes /livetv/dvrs answer {@code status} (200..599) from the next request on; 200 serves the body again. */
    public void dvrsStatus(int status) {
        liveTv.dvrsStatus(status);
    }

    /** How many requests reached /livetv/dvrs, whatever they were answered. */
    public int dvrsRequests() {
        return liveTv.dvrsRequests();
    }

    /** Holds answers to /:/timeline, /:/scrobble, /:/unscrobble and /:/progress back by {@code delay}. */
    public void playbackDelay(Duration delay) {
        liveTv.playbackDelay(delay);
    }

    /**
     * Answers every request whose path equals {@code path} with exactly this status, these headers and this body
     * (no body for HEAD), ahead of every other route; Content-Length is added unless the headers frame the body.
     */
    public void script(String path, int status, List<Map.Entry<String, String>> headers, byte[] body) {
        liveTv.script(path, new FakeLiveTvState.Scripted(status, headers, body));
    }

    /** Forgets every {@link #script scripted} answer. */
    public void clearScripts() {
        liveTv.clearScripts();
    }

    // ---- access as real PMS enforces it (see LiveTvAccess; doorman validate's tests) ----

    /** Sets who the Live TV routes answer; {@link LiveTvAccess#OPEN}, the default, answers anyone. */
    public void liveTvAccess(LiveTvAccess access) {
        liveTv.access(access);
    }

    /**
     * Adds a shared (non-Home) user's token: /library/sections accepts it ({@link #addToken}) and lists only the
     * sections with these keys (the fake has {@code 1} Movies and {@code 2} TV Shows).
     */
    public void sharedUser(String token, Set<String> sectionKeys) {
        addToken(token);
        liveTv.sectionScope(token, sectionKeys);
    }

    // ---- preferences (GET and PUT /:/prefs; see FakePrefs) ----

    /** A preference's current value as GET /:/prefs writes it in XML; null for one the fake does not have. */
    public String pref(String id) {
        return liveTv.prefs().xmlValue(id);
    }

    /** Sets a preference as if the owner had changed it in Plex's settings (value as PUT sends it). */
    public void pref(String id, String value) {
        String refused = liveTv.prefs().set(id, value);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
    }

    /** Writes XML booleans as {@code 1}/{@code 0} instead of {@code true}/{@code false} (both are seen in the wild). */
    public void prefsNumericBooleans(boolean on) {
        liveTv.prefs().numericBooleans(on);
    }

    // ---- sessions (GET /status/sessions, owner token only; see FakeSessions) ----

    private final FakeSessions sessions = new FakeSessions();

    /** What /status/sessions lists from the next request on (none at first). */
    public void sessions(List<FakeSessions.Session> playing) {
        sessions.set(playing);
    }

    PlexDoc.Element sessionsDoc() {
        return sessions.doc();
    }

    // ---- fault switches ----

    /** After each response, close the connection without having sent {@code Connection: close}. */
    public void setCloseAfterResponse(boolean on) {
        closeAfterResponse = on;
    }

    /** Wait this long after reading each request before answering it. */
    public void setResponseDelay(Duration delay) {
        responseDelay = Objects.requireNonNull(delay);
    }

    /** Headers appended to every response (including 101), e.g. hop-by-hop ones a proxy must strip. */
    public void setExtraResponseHeaders(List<Map.Entry<String, String>> headers) {
        extraResponseHeaders = List.copyOf(headers);
    }

    /** Connections back waiting for their next request (one that has just answered gets there a moment later). */
    public int idleConnections() {
        return (int) connections.values().stream().filter(FakePmsConnection::isIdle).count();
    }

    /** Closes every connection that is waiting for its next request (not those mid-request). */
    public void closeIdleConnections() {
        for (FakePmsConnection c : connections.values()) {
            if (c.isIdle()) {
                c.shutdown(false);
            }
        }
    }

    // ---- pattern helpers, for tests ----

    /** The byte at {@code offset} of every /bytes, /chunked, /until-close and /slow-body body. */
    public static byte patternByte(long offset) {
        return BytePattern.at(offset);
    }

    /** Reads exactly {@code length} bytes of {@code in} and checks them against the pattern from {@code offset}. */
    public static void verifyPattern(InputStream in, long offset, long length) throws IOException {
        BytePattern.verify(in, offset, length);
    }

    /** Hex SHA-256 of {@code bytes}, comparable with {@link RecordedRequest#bodySha256()}. */
    public static String sha256Hex(byte[] bytes) {
        return BodyDigest.sha256Hex(bytes);
    }

    // ---- lifecycle ----

    /** Stops accepting, closes every socket, interrupts every connection thread and waits briefly for them. */
    @Override
    public void close() {
        closing = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        List<FakePmsConnection> open = List.copyOf(connections.values());
        open.forEach(c -> c.shutdown(true));
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        join(acceptThread, deadline);
        for (FakePmsConnection c : open) {
            join(c.thread(), deadline);
        }
    }

    private static void join(Thread t, long deadline) {
        long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        if (t == null) {
            return;
        }
        try {
            t.join(leftMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            int id = connectionsAccepted.incrementAndGet();
            try {
                FakePmsConnection conn = new FakePmsConnection(this, routes, socket, id);
                connections.put(id, conn);
                conn.start();
                if (closing) {
                    // close() may have taken its snapshot before this connection was registered.
                    conn.shutdown(true);
                }
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to do for a socket that cannot even close.
        }
    }

    // ---- called by connections ----

    boolean isClosing() {
        return closing;
    }

    boolean closeAfterResponse() {
        return closeAfterResponse;
    }

    Duration responseDelay() {
        return responseDelay;
    }

    List<Map.Entry<String, String>> extraResponseHeaders() {
        return extraResponseHeaders;
    }

    void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
    }

    void connectionEnded(FakePmsConnection conn, boolean brokenPipe) {
        if (brokenPipe) {
            brokenPipes.incrementAndGet();
        }
        connections.remove(conn.id());
    }

    @Override
    public String toString() {
        return "FakePms[" + baseUri() + "]";
    }
}
