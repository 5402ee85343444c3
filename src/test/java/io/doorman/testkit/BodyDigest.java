package io.doorman.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads a body without holding it: counts bytes, hashes them with SHA-256 and keeps a bounded prefix. */
final class BodyDigest {

    private final MessageDigest sha256;
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private final int prefixLimit;
    private long length;

    BodyDigest(int prefixLimit) {
        this.prefixLimit = prefixLimit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads exactly {@code count} bytes from {@code in}. */
    BodyDigest readExactly(InputStream in, long count) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = count;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("body ended after " + (count - left) + " of " + count + " bytes");
            }
            update(buf, 0, n);
            left -= n;
        }
        return this;
    }

    /** Reads {@code in} to its end. */
    BodyDigest readToEnd(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            update(buf, 0, n);
        }
        return this;
    }

    void update(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        int keep = Math.min(len, prefixLimit - prefix.size());
        if (keep > 0) {
            prefix.write(b, off, keep);
        }
        length += len;
    }

    long length() {
        return length;
    }

    byte[] prefix() {
        return prefix.toByteArray();
    }

    /** Hex SHA-256; call once, after the last update. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Hex SHA-256 of {@code bytes}, for tests that compare against what they sent. */
    static String sha256Hex(byte[] bytes) {
        BodyDigest d = new BodyDigest(0);
        d.update(bytes, 0, bytes.length);
        return d.sha256Hex();
    }
}
