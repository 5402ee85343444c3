package io.doorman.frontends;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.doorman.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stands where Doorman listens, for a real frontend in front of it: records each request's path and headers and
 * answers {@code doorman}; {@code /stream} sends a first part at once and the rest only after {@link #release()},
 * so a test sees whether the frontend passes bytes on as they come.
 */
final class RecordingDoorman implements AutoCloseable {

    static final String FIRST_PART = "first-part\n";
    static final String SECOND_PART = "second-part\n";

    /** One request as it reached "Doorman". */
    record Seen(String path, Headers headers) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    RecordingDoorman() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("the recording Doorman could not bind", e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    HostPort address() {
        return new HostPort("127.0.0.1", server.getAddress().getPort());
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The last request for {@code path}, or an error naming what came instead. */
    Seen last(String path) {
        List<Seen> all = seen();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).path().equals(path)) {
                return all.get(i);
            }
        }
        throw new AssertionError("Doorman saw no " + path + "; it saw " + all.stream().map(Seen::path).toList());
    }

    /** Lets {@code /stream} send its second part. */
    void release() {
        release.countDown();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            seen.add(new Seen(ex.getRequestURI().getRawPath(), ex.getRequestHeaders()));
            OutputStream body = ex.getResponseBody();
            if (ex.getRequestURI().getRawPath().equals("/stream")) {
                ex.sendResponseHeaders(200, 0);
                body.write(FIRST_PART.getBytes(StandardCharsets.US_ASCII));
                body.flush();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body.write(SECOND_PART.getBytes(StandardCharsets.US_ASCII));
            } else {
                byte[] text = "doorman\n".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, text.length);
                body.write(text);
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
