package io.doorman.plex;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one GDM answer datagram into a {@link GdmServer}: a pure function, so anything malformed (not a
 * {@code 200} status line, a media player's answer, no {@code Name} or {@code Resource-Identifier}, a bad
 * port) is simply not a server and never an exception.
 */
public final class GdmReply {

    /** PMS's default HTTP port, which plex-for-kodi assumes when an answer has no {@code Port}. */
    static final int DEFAULT_PORT = 32400;

    private static final String SERVER_CONTENT_TYPE = "plex/media-server";

    private GdmReply() {
    }

    /** The server this datagram describes, or empty when it is not a usable PMS answer. */
    public static Optional<GdmServer> parse(byte[] datagram, int length, InetAddress from) {
        String text = new String(datagram, 0, Math.min(length, datagram.length), StandardCharsets.UTF_8);
        // CRLF per the spec; a bare LF is tolerated because nothing says every PMS build is strict about it.
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !isOkStatusLine(lines[0])) {
            return Optional.empty();
        }
        Map<String, String> headers = headers(lines);
        String contentType = headers.get("content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(SERVER_CONTENT_TYPE)) {
            return Optional.empty();
        }
        String id = headers.get("resource-identifier");
        String name = headers.get("name");
        if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> port = port(headers.get("port"));
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GdmServer(name, from.getHostAddress(), port.get(),
                headers.getOrDefault("version", ""), id, updatedAt(headers.get("updated-at"))));
    }

    private static boolean isOkStatusLine(String line) {
        String[] parts = line.trim().split(" +", 3);
        return parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].equals("200");
    }

    /** Header names lower-cased; a value keeps any colons after the first (unlike plexapi's split). */
    private static Map<String, String> headers(String[] lines) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.putIfAbsent(name, lines[i].substring(colon + 1).trim());
        }
        return headers;
    }

    private static Optional<Integer> port(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(DEFAULT_PORT);
        }
        try {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> updatedAt(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value);
            return seconds > 0 ? Optional.of(Instant.ofEpochSecond(seconds)) : Optional.empty();
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
