package io.doorman.frontends;

import io.doorman.plex.AnyCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Asks Caddy, as a browser would, for {@code GET /identity} on one of Doorman's hosts — connecting to Caddy's own
 * listener, with that host as TLS SNI and {@code Host} — and checks that Doorman answered ({@code Via: 1.1 doorman}
 * is on every Doorman response). Any certificate is accepted: this checks the route, not the trust, and
 * {@code tls internal} certificates are signed by Caddy's local CA.
 */
final class CaddySiteProbe {

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Duration PAUSE = Duration.ofMillis(200);

    /** A response's status and its {@code Via} values. */
    private record Answer(int status, List<String> via) {
    }

    private CaddySiteProbe() {
    }

    /**
     * Probes until an answer comes or {@code patience} has passed: Caddy gets a {@code tls internal} certificate
     * moments after a config change, so the first handshakes may fail.
     *
     * @param timeout bounds each connect, handshake and read
     */
    static CaddyApplyResult.Probe probe(String domain, String host, int port, boolean tls, Duration timeout,
            Duration patience) {
        String address = host + ":" + port;
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String failure;
            try {
                Answer a = once(domain, host, port, tls, timeout);
                boolean doorman = a.via().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("doorman"));
                return doorman
                        ? new CaddyApplyResult.Probe(domain, address, true, "GET /identity answered HTTP "
                                + a.status() + " from Doorman (Via: " + String.join(", ", a.via()) + ")")
                        : new CaddyApplyResult.Probe(domain, address, false, "GET /identity answered HTTP "
                                + a.status() + " without Via: 1.1 doorman, so Caddy does not reach Doorman for "
                                + domain + " (is Doorman running where the site points?)");
            } catch (IOException e) {
                failure = describe(e, address);
            }
            if (System.nanoTime() - deadline >= 0) {
                return new CaddyApplyResult.Probe(domain, address, false, failure);
            }
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CaddyApplyResult.Probe(domain, address, false, "interrupted");
            }
        }
    }

    private static Answer once(String domain, String host, int port, boolean tls, Duration timeout)
            throws IOException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), ms);
            plain.setSoTimeout(ms);
            Socket s = tls ? handshake(plain, domain, port, ms) : plain;
            try (s) {
                String hostHeader = domain + (port == (tls ? 443 : 80) ? "" : ":" + port);
                OutputStream out = s.getOutputStream();
                out.write(("GET /identity HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/xml\r\n"
                        + "User-Agent: doorman-caddy-apply\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return readHead(s.getInputStream());
            }
        }
    }

    private static Socket handshake(Socket plain, String domain, int port, int ms) throws IOException {
        SSLSocket s = (SSLSocket) trustingAnyCertificate().getSocketFactory()
                .createSocket(plain, domain, port, true);
        try {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(domain)));
            s.setSSLParameters(p);
        } catch (IllegalArgumentException e) {
            // an IP address: TLS sends no SNI for those, and Caddy picks the certificate by address
        }
        s.setSoTimeout(ms);
        s.startHandshake();
        return s;
    }

    private static Answer readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int seen = 0; // how much of CR LF CR LF
        while (seen < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a complete answer");
            }
            if (buf.size() >= MAX_HEAD_BYTES) {
                throw new IOException("an answer head over " + MAX_HEAD_BYTES + " bytes");
            }
            buf.write(b);
            seen = (b == '\r' && seen % 2 == 0) || (b == '\n' && seen % 2 == 1) ? seen + 1 : b == '\r' ? 1 : 0;
        }
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            code = status.length >= 2 && status[0].startsWith("HTTP/") ? Integer.parseInt(status[1]) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 0) {
            throw new IOException("an answer that is not HTTP");
        }
        List<String> via = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Via")) {
                via.add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(code, List.copyOf(via));
    }

    private static String describe(IOException e, String address) {
        if (e instanceof ConnectException) {
            return "cannot connect to Caddy at " + address + ": connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from Caddy at " + address + " in time";
        }
        if (e instanceof SSLException) {
            return "TLS with Caddy at " + address + " failed (" + e.getMessage() + ")";
        }
        String m = e.getMessage();
        return "talking to Caddy at " + address + " failed: " + (m == null ? e.getClass().getSimpleName() : m);
    }

    private static SSLContext trustingAnyCertificate() throws IOException {
        try {
            return AnyCertificate.context();
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS in this JDK (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
