package io.doorman.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response as {@link RawHttp} read it off the wire.
 *
 * @param headers in arrival order, names and values as sent
 * @param body the decoded body, at most {@link RawHttp#MAX_KEPT_BODY} bytes of it
 * @param bodyLength the full decoded body length; -1 when only the head was read ({@link RawHttp#readHead()})
 */
public record RawResponse(
        String version, int status, String reason, List<Map.Entry<String, String>> headers, byte[] body, long bodyLength) {

    public RawResponse {
        headers = List.copyOf(headers);
    }

    /** First value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return HttpWire.first(headers, name);
    }

    /** Every value of header {@code name} (case-insensitive), in order. */
    public List<String> headers(String name) {
        return HttpWire.all(headers, name);
    }

    /** Whether any {@code name} header lists {@code token} (comma-separated, case-insensitive), e.g. Connection: close. */
    public boolean hasToken(String name, String token) {
        return HttpWire.hasToken(headers, name, token);
    }

    /** The kept body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RawResponse[" + version + " " + status + " " + reason + ", headers " + headers + ", body "
                + bodyLength + " bytes]";
    }
}
