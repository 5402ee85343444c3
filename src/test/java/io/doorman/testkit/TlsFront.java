package io.doorman.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS terminator standing in for a PMS served over HTTPS: it presents a fresh self-signed certificate made
 * by the JDK's {@code keytool} and relays each TLS connection, decrypted, to a plain target (a {@link FakePms}).
 * Test code only; it binds loopback and nothing else.
 */
public final class TlsFront implements AutoCloseable {

    /** The certificate names {@link #start(InetSocketAddress)} uses: the host name and the IPv4 loopback. */
    public static final String DEFAULT_SAN = "dns:localhost,ip:127.0.0.1";

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Duration KEYTOOL_LIMIT = Duration.ofSeconds(60);
    /** Bounds a handshake and any silence on a relayed connection; generous next to any test's own limits. */
    private static final int SOCKET_TIMEOUT_MS = 30_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Path dir;
    private final Path caPem;
    private final InetSocketAddress target;
    private final SSLServerSocket server;
    private final Thread acceptThread;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger handshakes = new AtomicInteger();
    private volatile boolean closing;

    private TlsFront(Path dir, Path caPem, SSLServerSocket server, InetSocketAddress target) {
        this.dir = dir;
        this.caPem = caPem;
        this.server = server;
        this.target = target;
        this.acceptThread = Thread.ofVirtual().name("tls-front-accept-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts a front on 127.0.0.1 with a certificate for {@code localhost} and {@code 127.0.0.1}. */
    public static TlsFront start(InetSocketAddress target) {
        return start(target, DEFAULT_SAN);
    }

    /** Starts a front whose certificate names exactly {@code sanSpec} (keytool syntax, e.g. {@code dns:localhost}). */
    public static TlsFront start(InetSocketAddress target, String sanSpec) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tls-front");
            Path keystore = dir.resolve("pms.p12");
            Path pem = dir.resolve("ca.pem");
            keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "pms",
                    "-dname", "CN=localhost", "-ext", "san=" + sanSpec, "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
            keytool("-exportcert", "-rfc", "-alias", "pms", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-file", pem.toString());
            SSLServerSocket server = (SSLServerSocket) sslContext(keystore).getServerSocketFactory()
                    .createServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
            return new TlsFront(dir, pem, server, target);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            deleteQuietly(dir);
            throw new IllegalStateException("TLS front could not start: " + e, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new ArrayList<>();
        cmd.add(keytool.toString());
        // keytool is a short-lived JVM: the quick compiler and a small GC cut its start-up by about a third.
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            // keytool prints a line or two; reading after exit cannot block on a full pipe for that little.
            if (!p.waitFor(KEYTOOL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_LIMIT);
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    private static SSLContext sslContext(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The front's certificate as PEM, usable as the CA file ({@code --upstream-ca}). */
    public Path caPem() {
        return caPem;
    }

    /** How many TLS handshakes completed (failed ones, such as a client rejecting the certificate, do not count). */
    public int handshakes() {
        return handshakes.get();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            track(s);
            spawn("tls-front-conn-" + s.getPort(), () -> serve((SSLSocket) s));
        }
    }

    private void serve(SSLSocket tls) {
        Socket plain = new Socket();
        track(plain);
        try {
            tls.setSoTimeout(SOCKET_TIMEOUT_MS);
            tls.startHandshake();
            handshakes.incrementAndGet();
            plain.setTcpNoDelay(true);
            plain.connect(target, CONNECT_TIMEOUT_MS);
            plain.setSoTimeout(SOCKET_TIMEOUT_MS);
            InputStream tlsIn = tls.getInputStream();
            OutputStream tlsOut = tls.getOutputStream();
            InputStream plainIn = plain.getInputStream();
            OutputStream plainOut = plain.getOutputStream();
            spawn("tls-front-down-" + tls.getPort(), () -> pump(plainIn, tlsOut, tls, plain));
            pump(tlsIn, plainOut, tls, plain);
        } catch (IOException e) {
            closeBoth(tls, plain); // handshake refused by the client, target down, or closed under us
        }
    }

    /** Copies until either side ends or fails, then closes both: a relay has no use for half a connection. */
    private void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // Timeout, reset or our own close: all end the relay the same way.
        } finally {
            closeBoth(a, b);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
    }

    private void track(Socket s) {
        sockets.add(s);
        if (closing) {
            closeQuietly(s); // close() may have taken its snapshot already
        }
    }

    private void spawn(String name, Runnable r) {
        Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                r.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }

    private void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already broken; closed is what we wanted.
        }
        sockets.remove(s);
    }

    /** Stops accepting, closes every socket, waits briefly for the relay threads and deletes the key material. */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        List.copyOf(sockets).forEach(this::closeQuietly);
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        join(acceptThread, deadline);
        for (Thread t : List.copyOf(threads)) {
            join(t, deadline);
        }
        deleteQuietly(dir);
    }

    private static void join(Thread t, long deadline) {
        long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        try {
            t.join(leftMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // A leftover temp file is not worth failing a test over.
        }
    }

    @Override
    public String toString() {
        return "TlsFront[127.0.0.1:" + port() + " -> " + target + "]";
    }
}
