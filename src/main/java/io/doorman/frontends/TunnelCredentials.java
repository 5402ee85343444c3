package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorman.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A named tunnel's credentials file ({@code <tunnel-id>.json}), what {@code cloudflared tunnel run} reads to
 * connect: the account tag, the tunnel id and its secret. The secret is kept as a {@link Secret}.
 */
public record TunnelCredentials(String accountTag, String tunnelId, Secret tunnelSecret) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The file's text, as cloudflared writes it. */
    public String json() {
        return MAPPER.createObjectNode().put("AccountTag", accountTag).put("TunnelSecret", tunnelSecret.reveal())
                .put("TunnelID", tunnelId).toString() + "\n";
    }

    /**
     * The credentials inside a tunnel's run token: base64 of {@code {"a":account,"t":tunnel id,"s":secret}}.
     *
     * @throws IllegalArgumentException when the token is not one (the message never holds it)
     */
    public static TunnelCredentials fromToken(Secret token) {
        JsonNode n;
        try {
            n = MAPPER.readTree(Base64.getDecoder().decode(token.reveal().strip()));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("the tunnel token Cloudflare sent is not base64 JSON");
        }
        String a = n.path("a").asText("");
        String t = n.path("t").asText("");
        String s = n.path("s").asText("");
        if (a.isEmpty() || t.isEmpty() || s.isEmpty()) {
            throw new IllegalArgumentException("the tunnel token Cloudflare sent lacks the account, id or secret");
        }
        return new TunnelCredentials(a, t, new Secret(s));
    }

    /** The tunnel id in a credentials file's text, or null when it is not one. */
    public static String tunnelIdIn(byte[] fileText) {
        try {
            JsonNode n = MAPPER.readTree(new String(fileText, StandardCharsets.UTF_8));
            String id = n == null ? "" : n.path("TunnelID").asText("");
            return id.isEmpty() || n.path("TunnelSecret").asText("").isEmpty() ? null : id;
        } catch (IOException e) {
            return null;
        }
    }
}
