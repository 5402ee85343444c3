package io.doorman.frontends;

import io.doorman.plex.AnyCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over TLS to a frontend on 127.0.0.1, naming a public host in SNI and {@code Host} as a client that
 * resolved it would. Any certificate is taken: the frontend's own test CA or a self-signed file, on loopback only.
 */
final class LoopbackHttps {

    private static final int TIMEOUT_MS = 10_000;

    /** A response: its status and the body text (chunk sizes included when chunked; tests look for words). */
    record Reply(int status, String text) {
    }

    private LoopbackHttps() {
    }

    /** Whether a TLS handshake for {@code name} succeeds on {@code port}: the frontend is up and has a certificate. */
    static boolean handshakes(int port, String name) {
        try (SSLSocket s = open(port, name)) {
            s.startHandshake();
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /** Sends {@code GET path} with {@code extraHeaders} (CRLF-terminated lines) and reads to the end. */
    static Reply get(int port, String name, String path, String extraHeaders) throws Exception {
        try (SSLSocket s = open(port, name)) {
            send(s, port, name, path, extraHeaders);
            return reply(readAll(s.getInputStream()));
        }
    }

    /**
     * Sends {@code GET path} and reads until {@code first} has come, then runs {@code then} (which lets the
     * upstream send the rest) and reads to the end. Fails if {@code first} does not come while the rest is held.
     */
    static Reply getInTwoParts(int port, String name, String path, String first, Runnable then) throws Exception {
        try (SSLSocket s = open(port, name)) {
            send(s, port, name, path, "");
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!got.toString(StandardCharsets.ISO_8859_1).contains(first)) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("'" + first.strip() + "' did not come through while the upstream held"
                            + " the rest back; got: " + got.toString(StandardCharsets.ISO_8859_1));
                }
                if (n < 0) {
                    throw new AssertionError("closed before '" + first.strip() + "': " + got);
                }
                got.write(buf, 0, n);
            }
            then.run();
            got.write(readAll(in));
            return reply(got.toByteArray());
        }
    }

    private static SSLSocket open(int port, String name) throws IOException, GeneralSecurityException {
        SSLSocket s = (SSLSocket) AnyCertificate.context().getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(name)));
        p.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(p);
        return s;
    }

    private static void send(SSLSocket s, int port, String name, String path, String extraHeaders)
            throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + name + ":" + port + "\r\n" + extraHeaders
                + "Connection: close\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static Reply reply(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new AssertionError("not an HTTP/1.1 response: " + text);
        }
        return new Reply(Integer.parseInt(text.substring(9, 12)), text);
    }
}
