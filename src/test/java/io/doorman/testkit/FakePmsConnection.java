package io.doorman.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Serves one accepted socket of the fake PMS: a keep-alive loop of read request, record it, answer it. */
final class FakePmsConnection implements Runnable {

    private final FakePms server;
    private final FakePmsRoutes routes;
    private final Socket socket;
    private final int id;
    private final WriteTracker tracker;
    private volatile Thread thread;
    private volatile boolean idle;
    private volatile boolean closedByServer;

    FakePmsConnection(FakePms server, FakePmsRoutes routes, Socket socket, int id) throws IOException {
        this.server = server;
        this.routes = routes;
        this.socket = socket;
        this.id = id;
        this.tracker = new WriteTracker(socket.getOutputStream());
    }

    int id() {
        return id;
    }

    void start() {
        thread = Thread.ofVirtual().name("fake-pms-conn-" + id).start(this);
    }

    Thread thread() {
        return thread;
    }

    boolean isIdle() {
        return idle;
    }

    /** Closes from the server side; a write failing after this is ours, not a broken pipe. */
    void shutdown(boolean interrupt) {
        closedByServer = true;
        closeQuietly();
        Thread t = thread;
        if (interrupt && t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        try {
            socket.setSoTimeout((int) FakePms.IDLE_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            var out = new BufferedOutputStream(tracker, 64 * 1024);
            boolean keepGoing = true;
            while (keepGoing && !server.isClosing()) {
                // Peek the first byte so "idle" and the arrival time mean what they say.
                idle = true;
                in.mark(1);
                int first;
                try {
                    first = in.read();
                } finally {
                    idle = false;
                }
                if (first < 0) {
                    break;
                }
                in.reset();
                Instant receivedAt = Instant.now();
                List<String> head = HttpWire.readHead(in);
                if (head == null) {
                    break;
                }
                keepGoing = serveOne(head, receivedAt, in, out);
            }
        } catch (HttpWire.MalformedHttpException e) {
            answerError(400, "bad request: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug in the fake: tell the client plainly, then let the thread's handler print it.
            answerError(500, "fake PMS failed: " + e);
            throw e;
        } catch (SocketTimeoutException | InterruptedException e) {
            // Idle too long, or the fake is closing: just end the connection.
        } catch (IOException e) {
            // The peer went away or we closed the socket; the finally block does the accounting.
        } finally {
            closeQuietly();
            server.connectionEnded(this, tracker.failed && !closedByServer && !server.isClosing());
        }
    }

    private boolean serveOne(List<String> head, Instant receivedAt, BufferedInputStream in, OutputStream out)
            throws IOException, InterruptedException {
        String[] parts = head.get(0).split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new HttpWire.MalformedHttpException("bad request line: " + head.get(0));
        }
        String version = parts[2];
        var headers = HttpWire.parseHeaders(head.subList(1, head.size()));
        boolean http10 = version.equals("HTTP/1.0");
        boolean clientWantsClose = HttpWire.hasToken(headers, "Connection", "close")
                || (http10 && !HttpWire.hasToken(headers, "Connection", "keep-alive"));

        boolean chunked = HttpWire.isChunked(headers);
        if (!chunked && HttpWire.first(headers, "Transfer-Encoding") != null) {
            throw new HttpWire.MalformedHttpException("request transfer coding is not chunked");
        }
        long contentLength = HttpWire.contentLength(headers);

        // RFC 9110 §10.1.1: a client waiting on 100-continue sends the body only after the interim response.
        boolean sendContinue = !http10 && "100-continue".equalsIgnoreCase(HttpWire.first(headers, "Expect"));
        if (sendContinue) {
            out.write(HttpWire.ascii("HTTP/1.1 100 Continue\r\n\r\n"));
            out.flush();
        }
        BodyDigest body = new BodyDigest(RecordedRequest.BODY_PREFIX_LIMIT);
        if (chunked) {
            body.readToEnd(new ChunkedInputStream(in));
        } else if (contentLength > 0) {
            body.readExactly(in, contentLength);
        }
        RecordedRequest request = new RecordedRequest(parts[0], parts[1], version, headers, body.length(),
                body.sha256Hex(), body.prefix(), sendContinue, socket.getPort(), id, receivedAt);
        server.record(request);

        Duration delay = server.responseDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay);
        }
        boolean http10KeepAlive = http10 && !clientWantsClose;
        Exchange exchange = new Exchange(request, in, out, server.extraResponseHeaders(), clientWantsClose,
                http10KeepAlive);
        routes.handle(exchange);
        out.flush();
        // closeAfterResponse drops the connection without having said so, like a PMS idle timeout would.
        return !exchange.mustClose() && !server.closeAfterResponse();
    }

    private void answerError(int status, String message) {
        try {
            byte[] body = HttpWire.ascii(message + "\n");
            String head = "HTTP/1.1 " + status + " " + HttpWire.reason(status)
                    + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            tracker.write(HttpWire.ascii(head));
            tracker.write(body);
            tracker.flush();
        } catch (IOException ignored) {
            // The peer is gone already; nothing left to tell it.
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket only fails if it is already broken, which is the goal anyway.
        }
    }

    /** Remembers whether any write or flush failed, which is how a peer's early close shows up. */
    private static final class WriteTracker extends FilterOutputStream {
        volatile boolean failed;

        WriteTracker(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() {
            // The socket is closed by the connection, never through this stream.
        }
    }

    @Override
    public String toString() {
        return "FakePmsConnection[" + id + ", " + socket.getRemoteSocketAddress() + "]";
    }
}
