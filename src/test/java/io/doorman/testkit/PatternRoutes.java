package io.doorman.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fake PMS routes that stream the byte pattern: sized, ranged, chunked, close-delimited and slow. */
final class PatternRoutes {

    private static final String MEDIA_TYPE = "video/mp2t";
    private static final int WRITE_BUFFER = 256 * 1024;
    private static final int SLOW_PIECE = 64 * 1024;

    private PatternRoutes() {}

    /** A single byte range resolved against a length: {@code [first, last]} inclusive. */
    record ByteRange(long first, long last) {
        long length() {
            return last - first + 1;
        }

        /** Marks "a Range was asked for but none of it exists" (answer 416). */
        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -2);

        /**
         * Resolves a {@code Range} header against {@code size}: null means serve the whole body (no header, or
         * one this fake does not do, like several ranges or another unit — RFC 9110 §14.2 lets a server ignore it).
         */
        static ByteRange parse(String header, long size) {
            if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
                return null;
            }
            String spec = header.substring("bytes=".length()).strip();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            try {
                String a = spec.substring(0, dash).strip();
                String b = spec.substring(dash + 1).strip();
                if (a.isEmpty()) {
                    long suffix = Long.parseLong(b);
                    if (suffix < 0) {
                        return null;
                    }
                    return suffix == 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1);
                }
                long first = Long.parseLong(a);
                long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
                if (first < 0 || last < first) {
                    return null; // syntactically invalid: ignore the header
                }
                return first >= size ? UNSATISFIABLE : new ByteRange(first, Math.min(last, size - 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    static void bytes(Exchange ex, long size) throws IOException {
        if (!getOrHead(ex)) {
            return;
        }
        ByteRange range = ByteRange.parse(ex.request.header("Range"), size);
        if (range == ByteRange.UNSATISFIABLE) {
            ex.respond(416, "text/plain; charset=utf-8", FakePmsRoutes.utf8("range not satisfiable\n"),
                    List.of(Map.entry("Content-Range", "bytes */" + size)));
            return;
        }
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", MEDIA_TYPE));
        headers.add(Map.entry("Accept-Ranges", "bytes"));
        headers.add(Map.entry("Content-Length", Long.toString(length)));
        if (range != null) {
            headers.add(Map.entry("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size));
        }
        ex.writeHead(range == null ? 200 : 206, headers);
        if (!ex.isHead()) {
            writePattern(ex.out, first, length);
        }
        ex.out.flush();
    }

    static void chunked(Exchange ex, long size) throws IOException {
        if (!getOrHead(ex)) {
            return;
        }
        if (ex.isHttp10()) {
            // HTTP/1.0 has no chunked coding: fall back to a close-delimited body.
            untilClose(ex, size);
            return;
        }
        ex.writeHead(200, List.of(Map.entry("Content-Type", MEDIA_TYPE), Map.entry("Transfer-Encoding", "chunked")));
        if (!ex.isHead()) {
            OutputStream out = ex.out;
            byte[] buf = new byte[SLOW_PIECE];
            long offset = 0;
            // Odd sizes first (1, 7) so a relay that assumes big or aligned chunks is caught.
            for (int piece = 0; offset < size; piece++) {
                int n = (int) Math.min(size - offset, piece == 0 ? 1 : piece == 1 ? 7 : SLOW_PIECE);
                BytePattern.fill(buf, 0, n, offset);
                out.write(HttpWire.ascii(Integer.toHexString(n) + "\r\n"));
                out.write(buf, 0, n);
                out.write(HttpWire.ascii("\r\n"));
                offset += n;
            }
            out.write(HttpWire.ascii("0\r\n\r\n"));
        }
        ex.out.flush();
    }

    static void untilClose(Exchange ex, long size) throws IOException {
        if (!getOrHead(ex)) {
            return;
        }
        ex.closeAfter();
        ex.writeHead(200, List.of(Map.entry("Content-Type", MEDIA_TYPE), Map.entry("Connection", "close")));
        if (!ex.isHead()) {
            writePattern(ex.out, 0, size);
        }
        ex.out.flush();
    }

    /** Sends the pattern in 64 KiB pieces with a pause between, so a client can leave mid-body. */
    static void slowBody(Exchange ex, long size, long pauseMs) throws IOException, InterruptedException {
        if (!getOrHead(ex)) {
            return;
        }
        ex.writeHead(200, List.of(Map.entry("Content-Type", MEDIA_TYPE), Map.entry("Content-Length", Long.toString(size))));
        ex.out.flush();
        if (ex.isHead()) {
            return;
        }
        byte[] buf = new byte[SLOW_PIECE];
        for (long offset = 0; offset < size; ) {
            int n = (int) Math.min(SLOW_PIECE, size - offset);
            BytePattern.fill(buf, 0, n, offset);
            ex.out.write(buf, 0, n);
            ex.out.flush();
            offset += n;
            if (offset < size && pauseMs > 0) {
                Thread.sleep(Math.min(pauseMs, 60_000));
            }
        }
    }

    private static void writePattern(OutputStream out, long offset, long length) throws IOException {
        byte[] buf = new byte[(int) Math.min(WRITE_BUFFER, Math.max(length, 1))];
        long end = offset + length;
        while (offset < end) {
            int n = (int) Math.min(buf.length, end - offset);
            BytePattern.fill(buf, 0, n, offset);
            out.write(buf, 0, n);
            offset += n;
        }
    }

    private static boolean getOrHead(Exchange ex) throws IOException {
        if (ex.request.method().equals("GET") || ex.isHead()) {
            return true;
        }
        ex.respond(405, "text/plain; charset=utf-8", FakePmsRoutes.utf8("use GET or HEAD\n"),
                List.of(Map.entry("Allow", "GET, HEAD")));
        return false;
    }
}
