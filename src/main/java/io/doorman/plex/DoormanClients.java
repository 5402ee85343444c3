package io.doorman.plex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the clients a running {@code doorman serve} has seen, from its admin listener's {@code GET /clients}:
 * {@code {"clients":[{"clientIdentifier","address","lan","lastSeen"}]}}.
 */
public final class DoormanClients {

    /** One client as Doorman saw it arrive: {@code lan} is whether its address is in Doorman's lan-networks. */
    public record Client(String clientIdentifier, String address, boolean lan, String lastSeen) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DoormanClients() {
    }

    /** @throws IOException when the body is not that object */
    public static List<Client> parse(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("Doorman's /clients answer is not valid JSON");
        }
        if (root == null || !root.path("clients").isArray()) {
            throw new IOException("Doorman's /clients answer has no clients array");
        }
        List<Client> out = new ArrayList<>();
        for (JsonNode c : root.path("clients")) {
            String id = c.path("clientIdentifier").asText("");
            if (!id.isEmpty()) {
                out.add(new Client(id, c.path("address").asText(""), c.path("lan").asBoolean(false),
                        c.path("lastSeen").asText("")));
            }
        }
        return List.copyOf(out);
    }
}
