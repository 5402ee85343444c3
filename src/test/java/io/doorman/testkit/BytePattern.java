package io.doorman.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** The deterministic byte pattern the fake PMS serves, so tests can check any byte range without holding it. */
public final class BytePattern {

    // The low byte of the offset picks from a 256-entry table; higher bytes add different odd multipliers,
    // so a shifted, repeated or misplaced block (of any size, even a multiple of 256 or 64 KiB) shows up.
    private static final byte[] LOW = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            LOW[i] = (byte) (i * 31 + 7);
        }
    }

    private BytePattern() {}

    /** The pattern byte at {@code offset}. */
    public static byte at(long offset) {
        return (byte) (LOW[(int) (offset & 0xFF)] + high(offset >>> 8));
    }

    private static int high(long block) {
        return (int) (block * 13 + (block >>> 8) * 17 + (block >>> 16) * 19 + (block >>> 24) * 23);
    }

    /** Fills {@code buf[off, off+len)} with the pattern starting at stream offset {@code offset}. */
    public static void fill(byte[] buf, int off, int len, long offset) {
        while (len > 0) {
            int low = (int) (offset & 0xFF);
            int n = Math.min(256 - low, len);
            byte h = (byte) high(offset >>> 8);
            for (int k = 0; k < n; k++) {
                buf[off + k] = (byte) (LOW[low + k] + h);
            }
            off += n;
            len -= n;
            offset += n;
        }
    }

    /** A copy of the pattern bytes {@code [offset, offset+length)}; for small expectations only. */
    public static byte[] bytes(long offset, int length) {
        byte[] b = new byte[length];
        fill(b, 0, length, offset);
        return b;
    }

    /** A stream of the pattern bytes {@code [offset, offset+length)}, generated as read (for big uploads). */
    public static InputStream inputStream(long offset, long length) {
        return new InputStream() {
            private long position = offset;
            private final long end = offset + length;

            @Override
            public int read() {
                return position < end ? at(position++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - position);
                fill(b, off, n, position);
                position += n;
                return n;
            }
        };
    }

    /** Hex SHA-256 of the pattern bytes {@code [offset, offset+length)}, to compare with a recorded upload. */
    public static String sha256Hex(long offset, long length) {
        BodyDigest digest = new BodyDigest(0);
        try {
            digest.readToEnd(inputStream(offset, length));
        } catch (IOException e) {
            throw new IllegalStateException("the pattern stream does not do I/O", e);
        }
        return digest.sha256Hex();
    }

    /** Reads exactly {@code length} bytes from {@code in} and fails (AssertionError) on the first wrong or missing byte. */
    public static void verify(InputStream in, long offset, long length) throws IOException {
        Checker checker = new Checker(offset);
        byte[] buf = new byte[256 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new AssertionError("stream ended after " + (length - left) + " of " + length + " bytes");
            }
            checker.update(buf, 0, n);
            left -= n;
        }
    }

    /** Reads {@code in} to its end, checking every byte; returns how many bytes it read. */
    public static long verifyToEnd(InputStream in, long offset) throws IOException {
        Checker checker = new Checker(offset);
        byte[] buf = new byte[256 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            checker.update(buf, 0, n);
        }
        return checker.position() - offset;
    }

    /** Incremental checker: feed it the bytes as they arrive. */
    public static final class Checker {
        private long position;
        private byte[] expected = new byte[0];

        public Checker(long startOffset) {
            this.position = startOffset;
        }

        /** Checks the next {@code len} bytes; throws AssertionError naming the first wrong offset. */
        public void update(byte[] b, int off, int len) {
            if (expected.length < len) {
                expected = new byte[len];
            }
            fill(expected, 0, len, position);
            // Arrays.mismatch is vectorised; a byte loop here would dominate a multi-GiB check.
            int at = Arrays.mismatch(b, off, off + len, expected, 0, len);
            if (at >= 0) {
                throw new AssertionError("pattern mismatch at offset " + (position + at) + ": expected "
                        + (expected[at] & 0xFF) + " but got " + (b[off + at] & 0xFF));
            }
            position += len;
        }

        /** The stream offset of the next byte expected. */
        public long position() {
            return position;
        }
    }
}
