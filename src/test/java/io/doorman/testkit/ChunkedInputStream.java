package io.doorman.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Decodes an HTTP/1.1 chunked body from the underlying stream; ends after the last chunk and its trailers. */
public final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long remaining;
    private boolean afterData;
    private boolean done;
    private final List<String> trailers = new ArrayList<>();

    /** Wraps {@code in}, positioned at the first chunk-size line; never closes {@code in}. */
    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (done || (remaining == 0 && !nextChunk())) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        remaining -= n;
        afterData = remaining == 0;
        return n;
    }

    /** Trailer lines after the last chunk (raw), once the stream has reached its end. */
    public List<String> trailers() {
        return List.copyOf(trailers);
    }

    private boolean nextChunk() throws IOException {
        if (afterData) {
            String crlf = HttpWire.readLine(in, 2);
            if (crlf == null || !crlf.isEmpty()) {
                throw new HttpWire.MalformedHttpException("chunk data not followed by CRLF");
            }
            afterData = false;
        }
        String line = HttpWire.readLine(in, 4096);
        if (line == null) {
            throw new EOFException("connection closed before a chunk-size line");
        }
        int semicolon = line.indexOf(';');
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new HttpWire.MalformedHttpException("bad chunk size: " + line);
        }
        remaining = Long.parseLong(hex, 16);
        if (remaining > 0) {
            return true;
        }
        // Last chunk: consume trailers up to the blank line so the next message starts clean.
        while (true) {
            String trailer = HttpWire.readLine(in, HttpWire.MAX_LINE);
            if (trailer == null) {
                throw new EOFException("connection closed inside chunked trailers");
            }
            if (trailer.isEmpty()) {
                break;
            }
            trailers.add(trailer);
        }
        done = true;
        return false;
    }
}
