package io.doorman.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** HTTP/1.1 wire helpers shared by the fake server and the raw client: lines, heads, header lookups. */
final class HttpWire {

    static final int MAX_LINE = 64 * 1024;
    static final int MAX_HEADERS = 200;

    private HttpWire() {}

    /** Thrown for bytes that are not valid HTTP; the fake answers 400 and closes. */
    static final class MalformedHttpException extends IOException {
        MalformedHttpException(String message) {
            super(message);
        }
    }

    /**
     * Reads one line ending in LF (a preceding CR is dropped), as ISO-8859-1 so every byte maps to one char.
     * Returns null on EOF before the first byte; EOF mid-line is an error.
     */
    static String readLine(InputStream in, int max) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (sb.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed mid-line");
            }
            if (b == '\n') {
                int last = sb.length() - 1;
                if (last >= 0 && sb.charAt(last) == '\r') {
                    sb.setLength(last);
                }
                return sb.toString();
            }
            if (sb.length() >= max) {
                throw new MalformedHttpException("line longer than " + max + " bytes");
            }
            sb.append((char) b);
        }
    }

    /** Reads a start line plus header lines up to the blank line; null on a clean EOF before anything. */
    static List<String> readHead(InputStream in) throws IOException {
        String start = readLine(in, MAX_LINE);
        // RFC 9112 §2.2: a server should ignore at least one empty line before the request line.
        for (int i = 0; start != null && start.isEmpty() && i < 4; i++) {
            start = readLine(in, MAX_LINE);
        }
        if (start == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        lines.add(start);
        while (true) {
            String line = readLine(in, MAX_LINE);
            if (line == null) {
                throw new EOFException("connection closed inside the header block");
            }
            if (line.isEmpty()) {
                return lines;
            }
            if (lines.size() > MAX_HEADERS) {
                throw new MalformedHttpException("more than " + MAX_HEADERS + " header lines");
            }
            lines.add(line);
        }
    }

    /** Parses header lines into ordered name/value entries, names and values exactly as sent (minus OWS). */
    static List<Map.Entry<String, String>> parseHeaders(List<String> lines) throws MalformedHttpException {
        List<Map.Entry<String, String>> headers = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw new MalformedHttpException("obsolete header line folding");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedHttpException("header line without a name: " + line);
            }
            String name = line.substring(0, colon);
            if (name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
                throw new MalformedHttpException("whitespace in header name: " + name);
            }
            headers.add(Map.entry(name, line.substring(colon + 1).strip()));
        }
        return List.copyOf(headers);
    }

    /** First value of {@code name} (case-insensitive), or null. */
    static String first(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of {@code name} (case-insensitive), in order. */
    static List<String> all(List<Map.Entry<String, String>> headers, String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return List.copyOf(values);
    }

    /** Whether any {@code name} header lists {@code token} in its comma-separated value (case-insensitive). */
    static boolean hasToken(List<Map.Entry<String, String>> headers, String name, String token) {
        for (String value : all(headers, name)) {
            for (String part : value.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the last transfer coding is chunked, which is what frames the body (RFC 9112 §6.3). */
    static boolean isChunked(List<Map.Entry<String, String>> headers) {
        List<String> values = all(headers, "Transfer-Encoding");
        if (values.isEmpty()) {
            return false;
        }
        String[] codings = String.join(",", values).split(",");
        return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
    }

    /** Parses a Content-Length; several equal values are allowed, anything else is malformed. Returns -1 if absent. */
    static long contentLength(List<Map.Entry<String, String>> headers) throws MalformedHttpException {
        long length = -1;
        for (String value : all(headers, "Content-Length")) {
            for (String part : value.split(",")) {
                String digits = part.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new MalformedHttpException("bad Content-Length: " + value);
                }
                long parsed = Long.parseLong(digits);
                if (length >= 0 && parsed != length) {
                    throw new MalformedHttpException("conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        return length;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
