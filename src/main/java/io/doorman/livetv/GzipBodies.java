package io.doorman.livetv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for the small bodies Doorman rewrites: decoding is bounded (a small compressed body must not expand
 * without limit), and anything that is not a whole, valid gzip stream decodes to null, so the caller passes
 * the original bytes through untouched.
 */
public final class GzipBodies {

    private GzipBodies() {
    }

    /** Whether a {@code Content-Encoding} value is gzip alone (what Doorman decodes). */
    public static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null) {
            return false;
        }
        String e = contentEncoding.trim();
        return e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip");
    }

    /** The decoded body, or null when it is not valid gzip or would decode to more than {@code maxBytes}. */
    public static byte[] decode(byte[] gzip, int maxBytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(64, gzip.length * 4)));
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxBytes) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return null; // truncated, corrupt or not gzip at all
        }
    }

    public static byte[] encode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }
}
