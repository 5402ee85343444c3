package io.doorman.plex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.plex.PlexTvResource.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads plex.tv's v2 JSON answer to {@code GET /api/v2/resources?includeHttps=1&includeRelay=1}: a top-level
 * array of resources, each with a {@code connections} array (plex-api.md section 7). Each resource's
 * {@code accessToken} is never read.
 */
public final class PlexTvResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlexTvResources() {
    }

    /** @throws IOException without quoting the body (it holds access tokens) when it is no resource array */
    public static List<PlexTvResource> parse(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("plex.tv resources answer is not valid JSON");
        }
        if (root == null || !root.isArray()) {
            throw new IOException("plex.tv resources answer is not a JSON array");
        }
        List<PlexTvResource> out = new ArrayList<>();
        for (JsonNode r : root) {
            List<Connection> connections = new ArrayList<>();
            for (JsonNode c : r.path("connections")) {
                connections.add(new Connection(c.path("protocol").asText(""), c.path("address").asText(""),
                        c.path("port").asInt(0), c.path("uri").asText(""), flag(c.path("local")),
                        flag(c.path("relay"))));
            }
            out.add(new PlexTvResource(r.path("name").asText(""), r.path("clientIdentifier").asText(""),
                    r.path("provides").asText(""), r.path("publicAddress").asText(""), connections));
        }
        return List.copyOf(out);
    }

    /** v2 JSON sends booleans; older answers sent 1/0. */
    private static boolean flag(JsonNode n) {
        return n.isBoolean() ? n.booleanValue() : n.asText("").equals("1");
    }
}
