package io.doorman.testkit;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest HTTP origin on a real loopback socket: every request gets the status set (200 at first) and a short
 * body, and its path is recorded. For a public URL or an origin whose answer a test chooses.
 */
public final class FakeHttpOrigin implements AutoCloseable {

    private final HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String location;

    private FakeHttpOrigin() {
        this.server = LoopbackHttpServer.start("fake origin", ex -> {
            try (ex) {
                paths.add(ex.getRequestURI().getRawPath());
                byte[] body = "<MediaContainer/>\n".getBytes(StandardCharsets.UTF_8);
                if (location != null) {
                    ex.getResponseHeaders().set("Location", location);
                }
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
            }
        });
    }

    /** Starts on 127.0.0.1 and an ephemeral port. */
    public static FakeHttpOrigin start() {
        return new FakeHttpOrigin();
    }

    /** {@code http://127.0.0.1:port}, no trailing slash. */
    public URI baseUri() {
        return LoopbackHttpServer.baseUri(server);
    }

    /** Every later request gets this status. */
    public FakeHttpOrigin status(int s) {
        this.status = s;
        return this;
    }

    /** Every later answer carries this Location header (null for none), e.g. a login page's redirect. */
    public FakeHttpOrigin location(String url) {
        this.location = url;
        return this;
    }

    /** The raw paths asked for so far, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
