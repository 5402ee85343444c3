package io.doorman.livetv;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * The {@code allowTuners} entitlement hints that make Plex Web and apps show the Live TV entry point to a
 * shared user: in XML {@code allowTuners="0"} and {@code <Setting id="allowTuners" value="0"}, in JSON
 * {@code "allowTuners":false} and {@code "allowTuners":0} (with or without a space after the colon) become
 * the "allowed" value. Every other byte of the body stays as it was. Works on raw bytes: the hints are
 * ASCII, so any ASCII-compatible encoding (UTF-8, Latin-1) is rewritten correctly without decoding it.
 */
public final class AllowTunersRewriter {

    private static final byte[] ATTR = ascii("allowTuners=\"0\"");
    private static final byte[] SETTING = ascii("<Setting id=\"allowTuners\" value=\"0\"");
    private static final byte[] JSON_KEY = ascii("\"allowTuners\":");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] TRUE = ascii("true");

    private AllowTunersRewriter() {
    }

    /**
     * Whether a {@code 200} response on this path with this content type may carry the hints: {@code /},
     * {@code /identity}, {@code /media/providers}, {@code /:/prefs} and provider-scoped paths ({@link #hintPath});
     * XML, JSON or no content type.
     */
    public static boolean appliesTo(String path, String contentType) {
        return hintPath(path) && textType(contentType);
    }

    /** The paths whose answers carry the hints. */
    static boolean hintPath(String path) {
        return path.equals("/") || path.equals("/identity") || path.equals("/media/providers")
                || path.equals("/:/prefs") || ProviderPaths.isProviderScoped(path);
    }

    /** XML, JSON or absent content types: the only bodies worth holding to rewrite. */
    static boolean textType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.contains("xml") || t.contains("json");
    }

    /** The body with every hint set to "allowed", or the same array when there was nothing to change. */
    public static byte[] rewrite(byte[] body) {
        ByteArrayOutputStream out = null;
        int copied = 0;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            int zeroAt = -1; // index of the byte to turn into "allowed"
            int replaceLen = 1;
            byte[] replacement = null;
            if (b == 'a' && startsWith(body, i, ATTR)) {
                zeroAt = i + ATTR.length - 2;
            } else if (b == '<' && startsWith(body, i, SETTING)) {
                zeroAt = i + SETTING.length - 2;
            } else if (b == '"' && startsWith(body, i, JSON_KEY)) {
                int v = i + JSON_KEY.length;
                if (v < body.length && body[v] == ' ') {
                    v++;
                }
                if (startsWith(body, v, FALSE) && delimiterAt(body, v + FALSE.length)) {
                    zeroAt = v;
                    replaceLen = FALSE.length;
                    replacement = TRUE;
                } else if (v < body.length && body[v] == '0' && delimiterAt(body, v + 1)) {
                    zeroAt = v;
                }
            }
            if (zeroAt < 0) {
                continue;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(body.length + 8);
            }
            out.write(body, copied, zeroAt - copied);
            if (replacement != null) {
                out.write(replacement, 0, replacement.length);
            } else {
                out.write('1');
            }
            copied = zeroAt + replaceLen;
            i = copied - 1;
        }
        if (out == null) {
            return body;
        }
        out.write(body, copied, body.length - copied);
        return out.toByteArray();
    }

    /** A JSON value ends here: end of body, whitespace, {@code ,}, {@code }} or {@code ]}. */
    private static boolean delimiterAt(byte[] body, int i) {
        if (i >= body.length) {
            return true;
        }
        byte c = body[i];
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (body[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
