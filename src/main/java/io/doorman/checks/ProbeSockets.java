package io.doorman.checks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The raw connections the probes make: plain TCP for {@code http}, TLS with SNI and host-name checking for
 * {@code https}, every step bounded by one timeout; and the response head they read back.
 */
final class ProbeSockets {

    /** A response head bigger than this is not a Plex front door's. */
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private ProbeSockets() {
    }

    /** A response's status line and headers, in order. */
    record Head(int status, List<Map.Entry<String, String>> headers) {

        /** Every value of a header (names compare case-insensitively). */
        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        /** Whether any value of the header holds {@code text}, case-insensitively. */
        boolean mentions(String name, String text) {
            String t = text.toLowerCase(Locale.ROOT);
            return all(name).stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(t));
        }
    }

    static boolean isHttps(URI base) {
        return "https".equalsIgnoreCase(base.getScheme());
    }

    /** The host without IPv6 brackets. */
    static String host(URI base) {
        String h = base.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    static int port(URI base) {
        return base.getPort() > 0 ? base.getPort() : isHttps(base) ? 443 : 80;
    }

    /** The Host header: the URL's authority as written (default ports left out by the writer of the URL). */
    static String hostHeader(URI base) {
        return base.getRawAuthority();
    }

    /**
     * Connects to the URL's host and port; for https also completes the TLS handshake, checking the certificate
     * against {@code tls}'s trust and the host name.
     */
    static Socket open(URI base, SSLContext tls, Duration timeout) throws IOException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host(base), port(base)), ms);
            plain.setSoTimeout(ms);
            plain.setTcpNoDelay(true);
            if (!isHttps(base)) {
                return plain;
            }
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, host(base), port(base), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout(ms);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Reads up to the blank line after the headers; the body, if any, is left unread. */
    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0; // how much of CR LF CR LF has been seen
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a complete answer");
            }
            if (buf.size() >= MAX_HEAD_BYTES) {
                throw new IOException("an answer head over " + MAX_HEAD_BYTES + " bytes");
            }
            buf.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : b == '\r' ? 1 : 0;
        }
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IOException("an answer that is not HTTP");
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("an answer that is not HTTP");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
            }
        }
        return new Head(code, List.copyOf(headers));
    }

    /** One line for a failed connection or exchange; it names the address, never a request target. */
    static String describe(IOException e, URI base) {
        String at = host(base) + ":" + port(base);
        if (e instanceof ConnectException) {
            return "cannot connect to " + at + ": connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "cannot connect to " + at + ": host unknown";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + at + " in time";
        }
        if (e instanceof SSLException) {
            return "TLS with " + at + " failed (" + e.getClass().getSimpleName() + ")";
        }
        String m = e.getMessage();
        boolean ours = m != null && (m.startsWith("an answer") || m.startsWith("the connection"));
        return "talking to " + at + " failed: " + (ours ? m : e.getClass().getSimpleName());
    }
}
