package io.doorman.frontends;

/**
 * The Etag Caddy's admin API gives a config read: {@code "<request path> <FNV-1a 32 of the body, 8 hex>"}. Caddy
 * 2.6 and 2.7 send it as an HTTP trailer, which {@code java.net.http} cannot read, so it is computed here from the
 * exact bytes of the body (its trailing newline included).
 */
public final class CaddyEtag {

    private static final int OFFSET_BASIS = 0x811c9dc5;
    private static final int PRIME = 0x01000193;

    private CaddyEtag() {
    }

    /** FNV-1a, 32 bits, as Go's {@code hash/fnv.New32a}. */
    static int fnv1a32(byte[] bytes) {
        int h = OFFSET_BASIS;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return h;
    }

    /** The Etag's value without quotes, e.g. {@code /config/ 39ebe890}. */
    public static String of(String path, byte[] body) {
        return path + " " + String.format("%08x", fnv1a32(body));
    }

    /** The value of an {@code If-Match} header for that read: the Etag in double quotes. */
    public static String ifMatch(String path, byte[] body) {
        return "\"" + of(path, body) + "\"";
    }
}
