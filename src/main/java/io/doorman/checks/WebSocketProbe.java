package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.plex.PmsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/**
 * Asks for a WebSocket upgrade of {@code /:/websockets/notifications} (Plex's event stream, which every Plex app
 * opens) against a base URL, over plain TCP or TLS, and says whether it got a proper {@code 101}: the upgrade
 * headers back and the {@code Sec-WebSocket-Accept} RFC 6455 derives from our key. Used by {@code validate} and
 * the doctor.
 */
public final class WebSocketProbe {

    public static final String PATH = "/:/websockets/notifications";
    private static final String RFC6455_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A masked close frame with no payload: a polite goodbye after the probe. */
    private static final byte[] CLOSE_FRAME = {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0};

    private WebSocketProbe() {
    }

    /**
     * What the upgrade got.
     *
     * @param upgraded a proper 101 came back
     * @param status   the answer's status, or 0 when there was none
     * @param detail   one line saying what happened (no token in it)
     */
    public record Result(boolean upgraded, int status, String detail) {

        /** This result as the check {@code id}; {@code through} names the path taken, e.g. {@code the proxy}. */
        public Check check(String id, String through) {
            String what = "WebSocket upgrade of " + PATH + " through " + through;
            if (upgraded) {
                return Check.pass(id, what + ": 101 Switching Protocols");
            }
            if (status == 401 || status == 403) {
                return Check.fail(id, what + ": HTTP " + status + " (token refused)",
                        "use the server owner's token (PlexOnlineToken in PMS's Preferences.xml)");
            }
            return Check.fail(id, what + ": " + detail, "the frontend must pass WebSocket upgrades on to Doorman:"
                    + " HTTP/1.1 with the Upgrade and Connection headers (nginx: proxy_http_version 1.1 and both"
                    + " headers set), no buffering");
        }
    }

    /**
     * Sends the upgrade and reads the answer's head, then closes.
     *
     * @param base    {@code http://host:port} or {@code https://host:port}
     * @param token   sent as {@code X-Plex-Token} in the query, as Plex Web does (browsers cannot set headers on
     *                a WebSocket); null sends none
     * @param tls     trust for https (null: the JDK's default)
     * @param timeout bounds the connect, the handshake and each read
     */
    public static Result probe(URI base, String token, SSLContext tls, Duration timeout) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String target = token == null ? PATH : PmsClient.withTokenQuery(PATH, token);
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + ProbeSockets.hostHeader(base)
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: doorman-probe\r\n\r\n";
        try (Socket s = ProbeSockets.open(base, tls == null ? SSLContext.getDefault() : tls, timeout)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ProbeSockets.Head head = ProbeSockets.readHead(s.getInputStream());
            if (head.status() != 101) {
                return new Result(false, head.status(), "HTTP " + head.status() + " instead of 101");
            }
            if (!head.mentions("Upgrade", "websocket")) {
                return new Result(false, 101, "a 101 without Upgrade: websocket");
            }
            if (!head.all("Sec-WebSocket-Accept").contains(acceptFor(key))) {
                return new Result(false, 101, "a 101 without the Sec-WebSocket-Accept our key asks for");
            }
            try {
                out.write(CLOSE_FRAME);
                out.flush();
            } catch (IOException ignored) {
                // The upgrade is what was probed; a peer that hung up first changes nothing.
            }
            return new Result(true, 101, "101 Switching Protocols");
        } catch (IOException e) {
            return new Result(false, 0, ProbeSockets.describe(e, base));
        } catch (NoSuchAlgorithmException e) {
            return new Result(false, 0, "no TLS in this JDK");
        }
    }

    /** RFC 6455 §4.2.2: base64 of SHA-1 over the key and the protocol's GUID. */
    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + RFC6455_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }
}
