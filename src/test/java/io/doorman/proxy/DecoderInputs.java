package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** What the two decoder tests feed their decoders and how they print what comes out. */
final class DecoderInputs {

    /** Above this size "one byte at a time" feeds only the first and last {@link #BYTEWISE_EDGE} bytes bytewise. */
    static final int BYTEWISE_LIMIT = 64 * 1024;
    static final int BYTEWISE_EDGE = 16 * 1024;
    /** Trailer names both decoders leave out of the trailers. */
    static final Set<String> DROPPED_TRAILERS = Set.of("content-length", "transfer-encoding", "trailer");

    private DecoderInputs() {
    }

    /** One header or trailer field; printed with control and non-ASCII characters escaped. */
    record Field(String name, String value) {
        @Override
        public String toString() {
            return escape(name) + ": " + escape(value);
        }
    }

    /** Every byte boundary, or for a large input those within {@link #BYTEWISE_EDGE} of either end. */
    static int[] bytewiseCuts(int length) {
        if (length <= BYTEWISE_LIMIT) {
            int[] cuts = new int[Math.max(0, length - 1)];
            for (int i = 0; i < cuts.length; i++) {
                cuts[i] = i + 1;
            }
            return cuts;
        }
        int[] cuts = new int[2 * BYTEWISE_EDGE];
        for (int i = 0; i < BYTEWISE_EDGE; i++) {
            cuts[i] = i + 1;
            cuts[BYTEWISE_EDGE + i] = length - BYTEWISE_EDGE + i;
        }
        return cuts;
    }

    /** One to eight distinct cut points, sorted. */
    static int[] randomCuts(Random random, int length) {
        TreeSet<Integer> cuts = new TreeSet<>();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && length > 1; i++) {
            cuts.add(1 + random.nextInt(length - 1));
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Each char of {@code latin1} as one byte (ISO-8859-1), so obs-text and control bytes are what they say. */
    static byte[] ascii(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] withBody(String head, byte[]... rest) {
        byte[][] parts = new byte[rest.length + 1][];
        parts[0] = ascii(head);
        System.arraycopy(rest, 0, parts, 1, rest.length);
        return concat(parts);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Short bodies as escaped text, long ones as length and SHA-256 (so a mismatch prints readably). */
    static String summary(byte[] bytes) {
        if (bytes.length <= 64) {
            return escape(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static ByteBuf buffer(byte[] input, int from, int length, boolean direct) {
        ByteBuf b = direct ? Unpooled.directBuffer(length) : Unpooled.buffer(length);
        return b.writeBytes(input, from, length);
    }

    static List<Object> readAll(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        return out;
    }

    static List<Field> fields(HttpHeaders headers, boolean trailers) {
        List<Field> out = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            if (!trailers || !DROPPED_TRAILERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.add(new Field(e.getKey(), e.getValue()));
            }
        }
        return out;
    }
}
