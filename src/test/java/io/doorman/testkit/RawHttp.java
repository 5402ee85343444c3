package io.doorman.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A tiny HTTP/1.1 test client on one raw socket: the test writes exact bytes and reads responses back. */
public final class RawHttp implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Bodies longer than this are counted but not kept; read big ones with {@link #readHead()} and {@link #in()}. */
    public static final int MAX_KEPT_BODY = 16 * 1024 * 1024;
    private static final Duration CLOSE_CHECK = Duration.ofSeconds(2);

    private final Socket socket;
    private final BufferedInputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects with the default 10 s connect and read timeout. */
    public static RawHttp connect(InetSocketAddress address) {
        return connect(address, DEFAULT_TIMEOUT);
    }

    public static RawHttp connect(String host, int port) {
        return connect(new InetSocketAddress(host, port), DEFAULT_TIMEOUT);
    }

    /** Connects; {@code timeout} bounds the connect and every later read. */
    public static RawHttp connect(InetSocketAddress address, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new RawHttp(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Connect failed; the socket holds nothing worth a second error.
            }
            throw new UncheckedIOException("could not connect to " + address, e);
        }
    }

    /**
     * Connects from {@code from} (a second loopback address, say, so the client is not where the proxy is) and
     * speaks TLS with {@code serverName} as SNI, trusting any certificate: for a frontend with a throwaway CA.
     */
    public static RawHttp connectTls(InetSocketAddress address, java.net.InetAddress from, String serverName,
            Duration timeout) {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(address, (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {new TrustAnything()}, null);
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                    .createSocket(plain, serverName, address.getPort(), true);
            javax.net.ssl.SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new javax.net.ssl.SNIHostName(serverName)));
            params.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(params);
            tls.startHandshake();
            return new RawHttp(tls);
        } catch (IOException | java.security.GeneralSecurityException e) {
            try {
                plain.close();
            } catch (IOException ignored) {
                // The handshake failed; closing is all that is left.
            }
            throw new IllegalStateException("could not speak TLS to " + address + " as " + serverName, e);
        }
    }

    /** Trusts every certificate: only for {@link #connectTls}. */
    private static final class TrustAnything implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** Sends {@code text} encoded as UTF-8 (ASCII for plain HTTP heads). */
    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the next response (an interim 1xx comes back on its own; call again for the final one). */
    public RawResponse readResponse() throws IOException {
        return readResponse(false);
    }

    /** Reads the next response; {@code headRequest} says it answers a HEAD, so it has no body whatever it declares. */
    public RawResponse readResponse(boolean headRequest) throws IOException {
        RawResponse head = readHead();
        int status = head.status();
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return withBody(head, new byte[0], 0);
        }
        InputStream body;
        if (HttpWire.isChunked(head.headers())) {
            body = new ChunkedInputStream(in);
        } else {
            long length = HttpWire.contentLength(head.headers());
            body = length >= 0 ? new LimitedInputStream(in, length) : in; // no framing: the body ends at close
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buf)) >= 0; ) {
            int keep = Math.min(n, MAX_KEPT_BODY - kept.size());
            kept.write(buf, 0, keep);
            total += n;
        }
        return withBody(head, kept.toByteArray(), total);
    }

    /** Reads only the status line and headers; the body stays on {@link #in()} (bodyLength is -1). */
    public RawResponse readHead() throws IOException {
        List<String> lines = HttpWire.readHead(in);
        if (lines == null) {
            throw new EOFException("connection closed before a response");
        }
        String statusLine = lines.get(0);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status code: " + statusLine, e);
        }
        var headers = HttpWire.parseHeaders(lines.subList(1, lines.size()));
        return new RawResponse(parts[0], status, parts.length > 2 ? parts[2] : "", headers, new byte[0], -1);
    }

    private static RawResponse withBody(RawResponse head, byte[] body, long length) {
        return new RawResponse(head.version(), head.status(), head.reason(), head.headers(), body, length);
    }

    /** Changes the read timeout for everything read from now on. */
    public RawHttp setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    /** The buffered input, positioned after whatever was read last; use it for bodies and WebSocket frames. */
    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    public Socket socket() {
        return socket;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** Whether the peer closed (or reset) the connection, checked for up to 2 s; unread data means "not closed". */
    public boolean isClosedByPeer() throws IOException {
        return isClosedByPeer(CLOSE_CHECK);
    }

    public boolean isClosedByPeer(Duration wait) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        in.mark(1);
        try {
            if (in.read() < 0) {
                return true;
            }
            in.reset(); // leave the byte for the next reader
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by peer
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(old);
            }
        }
    }

    /** Half-closes: sends FIN but can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful to do with a failed close in a test.
        }
    }

    /** Reads at most {@code limit} bytes of the underlying stream, then reports end; a short stream is an error. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed with " + left + " body bytes still due");
            }
            left -= n;
            return n;
        }
    }
}
