package io.doorman.frontends;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.doorman.plex.AnyCertificate;
import io.doorman.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A real {@code caddy run} for a test: its HOME and XDG directories (storage, autosave) in the test's own
 * directory, started from a JSON config whose admin block names a free loopback port, stopped with
 * {@code POST /stop} (or killed) at close. Every wait is bounded.
 */
final class RunningCaddy implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final int IO_TIMEOUT_MS = 10_000;

    private final Process process;
    private final Path log;
    private final int adminPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RunningCaddy(Process process, Path log, int adminPort) {
        this.process = process;
        this.log = log;
        this.adminPort = adminPort;
    }

    /** Starts Caddy on {@code config} (which must set {@code admin.listen} to 127.0.0.1:adminPort). */
    static RunningCaddy start(Path dir, int adminPort, String config) throws Exception {
        String caddy = ToolProcess.find("caddy", "apt-get install caddy");
        Path file = dir.resolve("initial.json");
        Files.writeString(file, config);
        Path log = dir.resolve("caddy.log");
        ProcessBuilder pb = new ProcessBuilder(caddy, "run", "--config", file.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        RunningCaddy c = new RunningCaddy(pb.start(), log, adminPort);
        try {
            await("caddy's admin API on " + adminPort).atMost(START_LIMIT).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        if (!c.process.isAlive()) {
                            fail("caddy exited with %d:%n%s", c.process.exitValue(), c.log());
                        }
                        return c.get("/config/").statusCode() == 200;
                    });
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    URI admin() {
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    /** {@code GET /config/}'s body, exactly. */
    byte[] rawConfig() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(admin().resolve("/config/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            fail("GET /config/ answered %d", r.statusCode());
        }
        return r.body();
    }

    /** Changes one value through the admin API, as another tool or the user would. */
    void post(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(admin().resolve(path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            fail("POST %s answered %d: %s", path, r.statusCode(), r.body());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(admin().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Caddy's output so far, for a failing test's message. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * One {@code GET} through Caddy's listener at 127.0.0.1:{@code port} with {@code Host: host}, over TLS with
     * that SNI (any certificate accepted) when {@code tls}; the whole answer as text.
     */
    static String get(int port, String host, boolean tls, String path) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), IO_TIMEOUT_MS);
            plain.setSoTimeout(IO_TIMEOUT_MS);
            Socket s = plain;
            if (tls) {
                SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(host)));
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The subject of the certificate Caddy presents at 127.0.0.1:{@code port} for {@code sni}. */
    static String certificateSubject(int port, String sni) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), IO_TIMEOUT_MS);
            plain.setSoTimeout(IO_TIMEOUT_MS);
            try (SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, sni, port, true)) {
                SSLParameters p = ssl.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(sni)));
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                return ((X509Certificate) ssl.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName();
            }
        }
    }

    private static SSLContext trustAll() throws IOException {
        try {
            return AnyCertificate.context();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                http.send(HttpRequest.newBuilder(admin().resolve("/stop")).timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the admin API is gone (or moved): kill it below
            }
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
