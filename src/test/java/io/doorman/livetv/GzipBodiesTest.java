package io.doorman.livetv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GzipBodiesTest {

    private static final byte[] XML = "<MediaContainer allowTuners=\"0\"/>".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() {
        assertArrayEquals(XML, GzipBodies.decode(GzipBodies.encode(XML), 1 << 20));
        assertArrayEquals(new byte[0], GzipBodies.decode(GzipBodies.encode(new byte[0]), 10));
    }

    @Test
    void invalidOrTruncatedGzipDecodesToNull() {
        assertNull(GzipBodies.decode(XML, 1 << 20)); // plain text labelled gzip
        byte[] gz = GzipBodies.encode(XML);
        assertNull(GzipBodies.decode(Arrays.copyOf(gz, gz.length - 9), 1 << 20)); // cut inside the trailer
        assertNull(GzipBodies.decode(new byte[0], 1 << 20));
    }

    @Test
    void decodingStopsAtTheLimit() {
        byte[] bomb = GzipBodies.encode(new byte[5 << 20]); // 5 MiB of zeros, a few KiB compressed
        assertTrue(bomb.length < 64 * 1024);
        assertNull(GzipBodies.decode(bomb, 4 << 20));
        assertArrayEquals(XML, GzipBodies.decode(GzipBodies.encode(XML), XML.length));
        assertNull(GzipBodies.decode(GzipBodies.encode(XML), XML.length - 1));
    }

    @Test
    void onlyPlainGzipIsDecoded() {
        assertTrue(GzipBodies.isGzip("gzip"));
        assertTrue(GzipBodies.isGzip(" GZIP "));
        assertTrue(GzipBodies.isGzip("x-gzip"));
        assertFalse(GzipBodies.isGzip("br"));
        assertFalse(GzipBodies.isGzip("gzip, br"));
        assertFalse(GzipBodies.isGzip(null));
    }
}
