package io.doorman.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Reads one request head from a client out of the bytes that hold it whole: the request line here (a token
 * method, one space, a target of visible bytes, one space, {@code HTTP/1.1} or {@code HTTP/1.0}), the fields by
 * a {@link FieldLines}. A {@code Transfer-Encoding} in an HTTP/1.0 request is refused (RFC 9112 6.1: its
 * framing cannot be trusted). One per client connection; after {@link #request} it holds the head's framing.
 */
final class RequestHeadParser {

    private static final HttpMethod[] KNOWN_METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
        HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.CONNECT, HttpMethod.TRACE};

    private final FieldLines fields = new FieldLines(false, "Host", "User-Agent", "Accept", "Accept-Encoding",
            "Accept-Language", "Connection", "Content-Type", "Content-Length", "Transfer-Encoding", "Range",
            "Referer", "Origin", "Cookie", "If-None-Match", "If-Modified-Since", "Upgrade", "Expect",
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP", "X-Plex-Token",
            "X-Plex-Product", "X-Plex-Version", "X-Plex-Client-Identifier", "X-Plex-Platform",
            "X-Plex-Platform-Version", "X-Plex-Device", "X-Plex-Device-Name", "X-Plex-Model", "X-Plex-Features",
            "X-Plex-Session-Identifier", "X-Plex-Language", "X-Plex-Provides", "X-Plex-Client-Profile-Extra");

    /** The fields' reader, holding the last head's framing; it also reads a chunked body's trailers. */
    FieldLines fields() {
        return fields;
    }

    /** The request whose head is {@code h}, request line to the empty line that ends it. */
    HttpRequest request(byte[] h) throws FieldLines.Malformed {
        int p = 0;
        while (FieldLines.isToken(h[p])) {
            p++;
        }
        if (p == 0 || h[p] != ' ') {
            throw new FieldLines.Malformed("a request line without a method");
        }
        HttpMethod method = method(h, p);
        int targetStart = ++p;
        while (h[p] > ' ' && h[p] != 0x7f || h[p] < 0) { // visible ASCII or obs-text
            p++;
        }
        int targetEnd = p;
        if (targetEnd == targetStart || h[p] != ' ') {
            throw new FieldLines.Malformed("a request target with a space or control character, or none");
        }
        p++;
        if (p + 10 > h.length || h[p] != 'H' || h[p + 1] != 'T' || h[p + 2] != 'T' || h[p + 3] != 'P'
                || h[p + 4] != '/' || h[p + 5] != '1' || h[p + 6] != '.' || (h[p + 7] != '1' && h[p + 7] != '0')
                || h[p + 8] != '\r' || h[p + 9] != '\n') {
            throw new FieldLines.Malformed("a request line that does not end in HTTP/1.1 or HTTP/1.0");
        }
        HttpVersion version = h[p + 7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        String target = new String(h, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
        HttpHeaders out = fields.newHeaders();
        fields.read(h, p + 10, out, true);
        if (fields.chunked() && version == HttpVersion.HTTP_1_0) {
            throw new FieldLines.Malformed("Transfer-Encoding in an HTTP/1.0 request");
        }
        return new DefaultHttpRequest(version, method, target, out);
    }

    private static HttpMethod method(byte[] h, int n) {
        for (HttpMethod m : KNOWN_METHODS) {
            byte[] name = m.asciiName().array();
            int o = m.asciiName().arrayOffset();
            if (m.asciiName().length() == n) {
                int i = 0;
                while (i < n && name[o + i] == h[i]) {
                    i++;
                }
                if (i == n) {
                    return m;
                }
            }
        }
        return HttpMethod.valueOf(new String(h, 0, n, StandardCharsets.US_ASCII));
    }
}
