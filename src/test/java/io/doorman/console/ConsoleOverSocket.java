package io.doorman.console;

import io.doorman.config.HostPort;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real admin listener serving a console router on loopback, for the API tests: calls over HTTP, and a raw reader
 * for streamed answers. The gate lets everything through unless {@link #signedIn} is turned off (then 401).
 */
final class ConsoleOverSocket implements AutoCloseable {

    volatile boolean signedIn = true;
    final ConsoleRouter router;
    private final AdminServer admin;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();

    ConsoleOverSocket(Consumer<ConsoleRouter> routes) throws Exception {
        router = new ConsoleRouter(r -> signedIn ? null : new ApiError(401, "sign in first"), new StaticFiles());
        routes.accept(router);
        admin = new AdminServer(new HostPort("127.0.0.1", 0), registry, null).withConsole(new ConsoleHttp(router))
                .start();
    }

    /** A request as the router gets it from a loopback peer, without the socket. */
    static ApiRequest request(String method, String path, Map<String, String> query) {
        return new ApiRequest(method, path, query, Map.of(), null, InetAddress.getLoopbackAddress(), false);
    }

    HttpResponse<String> call(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.address().getPort()
                + path)).method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A streamed answer read line by line as it arrives, on its own thread, until the server ends it or {@link Stream#close}. */
    Stream stream(String method, String path) throws IOException {
        return new Stream(admin.address().getPort(), method, path);
    }

    @Override
    public void close() {
        admin.close();
        registry.close();
    }

    /** The raw lines of one response (head, chunk sizes and body lines alike). */
    static final class Stream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader;
        private final Socket socket;

        Stream(int port, String method, String path) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed by the test, or timed out: the lines so far are what the test looks at
                }
            });
        }

        /** The JSON text of every {@code data:} line so far, in order. */
        List<String> data() {
            return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        }

        /** The data of every server-sent event of this name so far, in order. */
        List<String> events(String name) {
            List<String> all = List.copyOf(lines);
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            for (int i = 0; i + 1 < all.size(); i++) {
                if (all.get(i).equals("event: " + name) && all.get(i + 1).startsWith("data: ")) {
                    out.add(all.get(i + 1).substring(6));
                }
            }
            return out;
        }

        boolean ended() {
            return !reader.isAlive();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
