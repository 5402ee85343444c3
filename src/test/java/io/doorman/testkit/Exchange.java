package io.doorman.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One request/response on a fake PMS connection: the recorded request plus the means to answer it. */
final class Exchange {

    final RecordedRequest request;
    final InputStream in;
    final OutputStream out;
    private final List<Map.Entry<String, String>> extraHeaders;
    private final boolean clientWantsClose;
    private final boolean http10KeepAlive;
    private boolean closeAfter;

    Exchange(RecordedRequest request, InputStream in, OutputStream out,
            List<Map.Entry<String, String>> extraHeaders, boolean clientWantsClose, boolean http10KeepAlive) {
        this.request = request;
        this.in = in;
        this.out = out;
        this.extraHeaders = extraHeaders;
        this.clientWantsClose = clientWantsClose;
        this.http10KeepAlive = http10KeepAlive;
    }

    boolean isHead() {
        return request.method().equals("HEAD");
    }

    boolean isHttp10() {
        return request.version().equals("HTTP/1.0");
    }

    /** The route will end the connection after this response (say so before writing the head). */
    void closeAfter() {
        closeAfter = true;
    }

    boolean mustClose() {
        return closeAfter || clientWantsClose;
    }

    /**
     * Writes the status line and headers: the route's, then the configured extra ones, then a Connection
     * header when the route did not set one and the connection's fate needs announcing.
     */
    void writeHead(int status, List<Map.Entry<String, String>> headers) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(HttpWire.reason(status)).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        for (Map.Entry<String, String> h : extraHeaders) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (HttpWire.first(headers, "Connection") == null) {
            if (mustClose()) {
                sb.append("Connection: close\r\n");
            } else if (http10KeepAlive) {
                sb.append("Connection: keep-alive\r\n");
            }
        }
        sb.append("\r\n");
        out.write(HttpWire.ascii(sb.toString()));
    }

    /** A complete response with Content-Type and Content-Length; the body is left out for HEAD. */
    void respond(int status, String contentType, byte[] body, List<Map.Entry<String, String>> moreHeaders)
            throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", contentType));
        headers.add(Map.entry("Content-Length", Integer.toString(body.length)));
        headers.addAll(moreHeaders);
        writeHead(status, headers);
        if (!isHead()) {
            out.write(body);
        }
        out.flush();
    }

    void respond(int status, String contentType, byte[] body) throws IOException {
        respond(status, contentType, body, List.of());
    }

    void respondText(int status, String text) throws IOException {
        respond(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
