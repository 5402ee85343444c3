package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The public URL as a client meets it: HTTPS, a certificate valid for its host, answers that come from Doorman
 * (every Doorman answer carries {@code Via: 1.1 doorman}) rather than from PMS directly, and a WebSocket upgrade
 * through it. Check ids: {@value #HTTPS}, {@value #CERTIFICATE}, {@value #REACHES_DOORMAN}, {@value #WEBSOCKET};
 * with no public URL all four are skipped.
 */
public final class FrontDoorProbe {

    public static final String HTTPS = "frontdoor.https";
    public static final String CERTIFICATE = "frontdoor.certificate";
    public static final String REACHES_DOORMAN = "frontdoor.reaches-doorman";
    public static final String WEBSOCKET = "frontdoor.websocket";
    static final String SET_PUBLIC_URL = "--public-url, DOORMAN_PUBLIC_URL or public-url in the config file";

    private FrontDoorProbe() {
    }

    /** {@link #run(URI, String, Path, Duration, Consumer)} collected into a list. */
    public static List<Check> run(URI publicUrl, String ownerToken, Path extraCaPem, Duration timeout) {
        List<Check> out = new ArrayList<>();
        run(publicUrl, ownerToken, extraCaPem, timeout, out::add);
        return out;
    }

    /**
     * Probes the front door, handing each check to {@code out} as it completes.
     *
     * @param publicUrl  the front door, or null (every check skipped)
     * @param ownerToken for the WebSocket upgrade (PMS wants a token there); null skips that check
     * @param extraCaPem CA certificates (PEM) trusted besides the JDK's, or null
     * @param timeout    bounds each connect, handshake and read
     */
    public static void run(URI publicUrl, String ownerToken, Path extraCaPem, Duration timeout, Consumer<Check> out) {
        if (publicUrl == null) {
            String why = "no public URL set (" + SET_PUBLIC_URL + ")";
            for (String id : List.of(HTTPS, CERTIFICATE, REACHES_DOORMAN, WEBSOCKET)) {
                out.accept(Check.skip(id, why));
            }
            return;
        }
        SSLContext tls;
        ProbeTrust.Diagnosing diagnosing;
        try {
            var trust = ProbeTrust.trustManager(extraCaPem);
            tls = ProbeTrust.contextWith(trust);
            diagnosing = new ProbeTrust.Diagnosing(trust);
        } catch (GeneralSecurityException | IOException e) {
            String why = "cannot read the CA file " + extraCaPem + " (" + e.getClass().getSimpleName() + ")";
            for (String id : List.of(HTTPS, CERTIFICATE, REACHES_DOORMAN, WEBSOCKET)) {
                out.accept(Check.skip(id, why));
            }
            return;
        }
        boolean https = ProbeSockets.isHttps(publicUrl);
        if (https) {
            out.accept(Check.pass(HTTPS, publicUrl + " is HTTPS"));
            Check cert = certificate(publicUrl, diagnosing, timeout);
            out.accept(cert);
            if (cert.status() != CheckReport.Status.PASS) {
                out.accept(Check.skip(REACHES_DOORMAN, "not tried: TLS with the public URL failed"));
                out.accept(Check.skip(WEBSOCKET, "not tried: TLS with the public URL failed"));
                return;
            }
        } else {
            out.accept(Check.fail(HTTPS, publicUrl + " is plain HTTP: tokens and streams cross the internet readable",
                    "put an HTTPS frontend (Caddy, nginx, Traefik, Cloudflare Tunnel) in front of Doorman and set the"
                            + " public URL to its https:// address"));
            out.accept(Check.skip(CERTIFICATE, "not HTTPS: no certificate to check"));
        }
        out.accept(reachesDoorman(publicUrl, tls, timeout));
        out.accept(ownerToken == null
                ? Check.skip(WEBSOCKET, "needs the owner token (DOORMAN_OWNER_TOKEN or --owner-token)")
                : WebSocketProbe.probe(publicUrl, ownerToken, tls, timeout).check(WEBSOCKET, publicUrl.toString()));
    }

    private static Check certificate(URI url, ProbeTrust.Diagnosing diagnosing, Duration timeout) {
        String host = ProbeSockets.host(url);
        try (Socket s = ProbeSockets.open(url, ProbeTrust.contextWith(diagnosing), timeout)) {
            X509Certificate leaf = diagnosing.leaf();
            return Check.pass(CERTIFICATE, "the certificate is valid for " + host
                    + (leaf == null ? "" : " (until " + leaf.getNotAfter().toInstant() + ")"));
        } catch (SSLException e) {
            String fixTrust = "use a certificate from a public CA (Caddy and Cloudflare get one automatically), or"
                    + " pass your private CA's PEM with --ca-file";
            return switch (diagnosing.verdict()) {
                case NOT_TRUSTED -> Check.fail(CERTIFICATE, "certificate not trusted for " + host
                        + " (no trusted CA signed it)", fixTrust);
                case EXPIRED -> Check.fail(CERTIFICATE, "certificate expired for " + host,
                        "renew the certificate (Caddy renews its own; check its log)");
                case WRONG_HOST -> Check.fail(CERTIFICATE, "the certificate does not name " + host,
                        "get a certificate for " + host + " or set the public URL to the name it carries");
                case NOT_CHECKED, VALID -> Check.fail(CERTIFICATE, "TLS with " + host + " failed before the"
                        + " certificate was checked (" + e.getClass().getSimpleName() + ")",
                        "check that the port speaks HTTPS (not plain HTTP) and the frontend's TLS settings");
            };
        } catch (IOException e) {
            return Check.fail(CERTIFICATE, ProbeSockets.describe(e, url),
                    "check that the frontend runs and the public URL's host and port are right");
        } catch (GeneralSecurityException e) {
            return Check.fail(CERTIFICATE, "no TLS in this JDK (" + e.getClass().getSimpleName() + ")",
                    "run on a JDK with TLS");
        }
    }

    private static Check reachesDoorman(URI url, SSLContext tls, Duration timeout) {
        try (Socket s = ProbeSockets.open(url, tls, timeout)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /identity HTTP/1.1\r\nHost: " + ProbeSockets.hostHeader(url)
                    + "\r\nAccept: application/xml\r\nUser-Agent: doorman-probe\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ProbeSockets.Head head = ProbeSockets.readHead(s.getInputStream());
            if (!head.mentions("Via", "doorman")) {
                return Check.fail(REACHES_DOORMAN, "GET /identity answered HTTP " + head.status() + " without"
                        + " Via: 1.1 doorman: the public URL reaches something that is not Doorman — PMS directly?",
                        "point the frontend at Doorman's listen address (127.0.0.1:33240), not at PMS's 32400");
            }
            if (head.status() / 100 != 2) {
                return Check.fail(REACHES_DOORMAN, "GET /identity reached Doorman but answered HTTP " + head.status(),
                        "run 'doorman health' on the Doorman host: is PMS up behind it?");
            }
            return Check.pass(REACHES_DOORMAN, "GET /identity answered HTTP " + head.status() + " from Doorman (Via: "
                    + String.join(", ", head.all("Via")) + ")");
        } catch (IOException e) {
            return Check.fail(REACHES_DOORMAN, "GET /identity: " + ProbeSockets.describe(e, url),
                    "check that the frontend runs and forwards to Doorman");
        }
    }
}
