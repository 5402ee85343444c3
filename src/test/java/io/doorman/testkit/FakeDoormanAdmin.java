package io.doorman.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A stand-in for a running {@code doorman serve}'s admin listener, answering only {@code GET /clients} with
 * {@code {"clients":[{"clientIdentifier","address","lan","lastSeen"}]}}, the shape the doctor reads.
 */
public final class FakeDoormanAdmin implements AutoCloseable {

    /** One client as Doorman saw it. */
    public record Client(String clientIdentifier, String address, boolean lan) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private volatile List<Client> clients = List.of();

    private FakeDoormanAdmin() {
        this.server = LoopbackHttpServer.start("fake admin listener", this::handle);
    }

    public static FakeDoormanAdmin start() {
        return new FakeDoormanAdmin();
    }

    public URI baseUri() {
        return LoopbackHttpServer.baseUri(server);
    }

    public void clients(Client... seen) {
        clients = List.of(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals("/clients")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray("clients");
            for (Client c : clients) {
                list.addObject().put("clientIdentifier", c.clientIdentifier()).put("address", c.address())
                        .put("lan", c.lan()).put("lastSeen", "2026-12-03T17:00:00Z");
            }
            LoopbackHttpServer.send(ex, 200, "application/json", JSON.writeValueAsString(root));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
