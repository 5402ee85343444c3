package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;

/**
 * One console request as the API handlers see it, free of Netty: method, path, decoded query, headers (names in
 * lower case), the whole (small) body, the peer's address and whether it came over TLS.
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
        byte[] body, InetAddress peer, boolean secure) {

    static final ObjectMapper JSON = new ObjectMapper();

    public ApiRequest {
        method = method.toUpperCase(Locale.ROOT);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A cookie's value from the {@code Cookie} header, or null. */
    public String cookie(String name) {
        String all = header("cookie");
        if (all == null) {
            return null;
        }
        for (String part : all.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }

    /** The body as a JSON object. */
    public JsonNode json() throws ApiError {
        if (body.length == 0) {
            throw new ApiError(400, "a JSON object is wanted in the body");
        }
        String type = header("content-type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send Content-Type: application/json");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new ApiError(400, "a JSON object is wanted in the body");
            }
            return n;
        } catch (IOException e) {
            throw new ApiError(400, "the body is not JSON");
        }
    }

    /** A required text field of a JSON body. */
    public static String text(JsonNode body, String field) throws ApiError {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw ApiError.badField(field, field + " is required (a string)");
        }
        return v.asText();
    }
}
