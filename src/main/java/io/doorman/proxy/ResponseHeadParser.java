package io.doorman.proxy;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Reads one response head from PMS out of the bytes that hold it whole: the status line here ({@code HTTP/1.1}
 * or {@code HTTP/1.0}, three digits, an optional reason phrase), the fields by a {@link FieldLines}, which also
 * reads a chunked body's trailers. One per upstream connection; after {@link #response} it holds the head's
 * framing.
 */
final class ResponseHeadParser {

    private final FieldLines fields = new FieldLines(true, "Server", "Date", "Content-Type", "Content-Length",
            "Connection", "Transfer-Encoding", "Keep-Alive", "Cache-Control", "Vary", "Accept-Ranges",
            "Content-Range", "Content-Encoding", "ETag", "Last-Modified", "Expires", "Location", "Set-Cookie",
            "X-Plex-Protocol", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
            "X-Plex-Content-Original-Length", "X-Plex-Content-Compressed-Length");

    /** The fields' reader, holding the last head's framing; it also reads a chunked body's trailers. */
    FieldLines fields() {
        return fields;
    }

    /** The response whose head is {@code h}, status line to the empty line that ends it. */
    HttpResponse response(byte[] h) throws FieldLines.Malformed {
        int n = h.length;
        if (n < 14 || h[0] != 'H' || h[1] != 'T' || h[2] != 'T' || h[3] != 'P' || h[4] != '/' || h[5] != '1'
                || h[6] != '.' || (h[7] != '1' && h[7] != '0') || h[8] != ' ') {
            throw new FieldLines.Malformed("not an HTTP/1.x status line");
        }
        HttpVersion version = h[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int d = h[i] - '0';
            if (d < 0 || d > 9) {
                throw new FieldLines.Malformed("a status code that is not three digits");
            }
            code = code * 10 + d;
        }
        if (code < 100 || code > 599) {
            throw new FieldLines.Malformed("status code " + code);
        }
        int reasonStart;
        if (h[12] == ' ') {
            reasonStart = 13;
        } else if (h[12] == '\r') {
            reasonStart = 12;
        } else {
            throw new FieldLines.Malformed("a status code that is not three digits");
        }
        int reasonEnd = FieldLines.lineEnd(h, reasonStart);
        HttpResponseStatus status = status(code, h, reasonStart, reasonEnd);
        HttpHeaders out = fields.newHeaders();
        fields.read(h, reasonEnd + 2, out, true);
        return new DefaultHttpResponse(version, status, out);
    }

    private static HttpResponseStatus status(int code, byte[] h, int from, int to) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(code);
        String phrase = known.reasonPhrase();
        if (phrase.length() == to - from) {
            boolean same = true;
            for (int i = 0; i < phrase.length() && same; i++) {
                same = phrase.charAt(i) == h[from + i];
            }
            if (same) {
                return known;
            }
        }
        return new HttpResponseStatus(code, new String(h, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
