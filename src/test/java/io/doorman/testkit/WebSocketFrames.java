package io.doorman.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 frame encoding and decoding for tests: masked client frames, unmasked server frames. */
public final class WebSocketFrames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** The GUID RFC 6455 §1.3 appends to the key when computing Sec-WebSocket-Accept. */
    public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Refuse absurd lengths so a garbled stream fails fast instead of allocating gigabytes. */
    private static final long MAX_PAYLOAD = 64L * 1024 * 1024;

    private WebSocketFrames() {}

    /** One decoded frame; {@code payload} is already unmasked. */
    public record Frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 if it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    /** A final, masked text frame, as a client must send it. */
    public static byte[] maskedText(String text) {
        return encode(true, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** A masked close frame with status 1000 (normal closure). */
    public static byte[] maskedClose() {
        return encode(true, CLOSE, new byte[] {0x03, (byte) 0xE8}, true);
    }

    /** Any masked client frame. */
    public static byte[] masked(boolean fin, int opcode, byte[] payload) {
        return encode(fin, opcode, payload, true);
    }

    /** Any unmasked (server) frame. */
    public static byte[] unmasked(boolean fin, int opcode, byte[] payload) {
        return encode(fin, opcode, payload, false);
    }

    /** The Sec-WebSocket-Accept value for a Sec-WebSocket-Key. */
    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** A fresh random Sec-WebSocket-Key (16 random bytes, base64). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    static byte[] encode(boolean fin, int opcode, byte[] payload, boolean mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (opcode & 0x0F));
        int maskBit = mask ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(maskBit | 127);
            long len = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (len >>> shift));
            }
        }
        if (!mask) {
            out.writeBytes(payload);
            return out.toByteArray();
        }
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        out.writeBytes(key);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= key[i & 3];
        }
        out.writeBytes(masked);
        return out.toByteArray();
    }

    /** Reads one frame; EOFException if the stream ends before a whole frame. */
    public static Frame read(InputStream in) throws IOException {
        int b0 = readByte(in);
        int b1 = readByte(in);
        boolean masked = (b1 & 0x80) != 0;
        long len = b1 & 0x7F;
        if (len == 126) {
            len = ((long) readByte(in) << 8) | readByte(in);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte(in);
            }
        }
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IOException("websocket frame payload too large: " + len);
        }
        byte[] key = masked ? in.readNBytes(4) : null;
        if (key != null && key.length < 4) {
            throw new EOFException("stream ended inside a websocket frame header");
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) {
            throw new EOFException("stream ended inside a websocket frame payload");
        }
        if (key != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload, masked);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a websocket frame header");
        }
        return b;
    }
}
