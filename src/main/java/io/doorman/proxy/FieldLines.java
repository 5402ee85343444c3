package io.doorman.proxy;

import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the field lines of a message head, or the trailer fields of a chunked body, out of the bytes that hold
 * the section whole, checking them as RFC 9112 asks and refusing what two readers could take differently:
 * lines end in CRLF; names are tokens; values hold no control character but HTAB; an obs-fold becomes one
 * space (5.2); at most one {@code Content-Length} (digits only) and at most one {@code Transfer-Encoding},
 * which must be {@code chunked}, never both. Whitespace between a name and its colon is refused in a request
 * and removed from a response (5.1).
 *
 * <p>Names and values are {@link AsciiString}s over the section's own array, which the headers keep: no String
 * per field, and the encoder copies them on as they came. The headers check what is set on them later (the
 * forwarded headers, a policy's values) with Netty's usual checks; the fields read here were checked here.
 * One per connection, used on its event loop; after {@link #read} it holds the section's framing.
 */
final class FieldLines {

    /** A head or trailer section that is refused: the reason, for the 400 or 502 and its log line. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final byte[] TOKEN = new byte[256];
    /** Per byte, what it is in a field value: 0 allowed, {@link #CR} the line's end, anything else refused. */
    private static final byte[] VALUE = new byte[256];
    private static final byte CR = 1;
    private static final byte REFUSED = 2;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = 1;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = 1;
            TOKEN[c - 32] = 1;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = 1;
        }
        for (int c = 0; c < 0x20; c++) {
            VALUE[c] = REFUSED;
        }
        VALUE['\t'] = 0;
        VALUE['\r'] = CR;
        VALUE[0x7f] = REFUSED;
    }

    private static final DefaultHeaders.NameValidator<CharSequence> NETTY_NAMES =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();
    private static final DefaultHeaders.ValueValidator<CharSequence> NETTY_VALUES =
            DefaultHttpHeadersFactory.headersFactory().getValueValidator();

    private final boolean removeSpaceBeforeColon;
    /** The known names by {@link #slot}, open addressing: a slot's name, or null. */
    private final AsciiString[] knownNames = new AsciiString[KNOWN_SLOTS];
    private static final int KNOWN_SLOTS = 128;
    private final HttpHeadersFactory headers;
    /** Off while this reader adds the fields it has checked itself; Netty's checks for everything else. */
    private boolean adding;

    /** The last head's {@code Content-Length}, or -1 when it had none. */
    private long contentLength;
    /** Whether the last head said {@code Transfer-Encoding: chunked}. */
    private boolean chunked;

    /**
     * @param knownNames the names this side's peers send on most messages, in the case they send them: one of
     *                   these costs no view of the array and has its hash already
     */
    FieldLines(boolean removeSpaceBeforeColon, String... knownNames) {
        this.removeSpaceBeforeColon = removeSpaceBeforeColon;
        if (knownNames.length > KNOWN_SLOTS / 2) {
            throw new IllegalArgumentException("at most " + KNOWN_SLOTS / 2 + " known names");
        }
        for (String k : knownNames) {
            AsciiString name = AsciiString.cached(k);
            int slot = slot(name.array(), 0, name.length());
            while (this.knownNames[slot] != null) {
                slot = (slot + 1) & (KNOWN_SLOTS - 1);
            }
            this.knownNames[slot] = name;
        }
        DefaultHeaders.NameValidator<CharSequence> names = name -> {
            if (!adding) {
                NETTY_NAMES.validateName(name);
            }
        };
        DefaultHeaders.ValueValidator<CharSequence> values = value -> {
            if (!adding) {
                NETTY_VALUES.validate(value);
            }
        };
        headers = DefaultHttpHeadersFactory.headersFactory().withNameValidator(names).withValueValidator(values);
    }

    HttpHeaders newHeaders() {
        return headers.newHeaders();
    }

    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    /** The trailer fields in {@code t} (after the last chunk, to the empty line), without the framing names. */
    HttpHeaders trailers(byte[] t) throws Malformed {
        HttpHeaders out = newHeaders();
        read(t, 0, out, false);
        return out;
    }

    static boolean isToken(byte b) {
        return TOKEN[b & 0xff] != 0;
    }

    /**
     * Adds the field lines of {@code h} from {@code p} up to the empty line that ends the section (the array
     * ends there, in CRLF CRLF). A field is added when the next line shows it is not folded, so a fold only ever
     * lengthens the one pending value. Of trailers ({@code head} false) the framing names are dropped, as they
     * mean nothing after the body (RFC 9110 6.5.1).
     */
    void read(byte[] h, int p, HttpHeaders out, boolean head) throws Malformed {
        contentLength = -1;
        chunked = false;
        AsciiString name = null;
        AsciiString value = null;
        adding = true;
        try {
            while (true) {
                byte first = h[p];
                if (first == '\r') {
                    if (h[p + 1] != '\n') {
                        throw new Malformed("a bare CR in the head");
                    }
                    break;
                }
                if (first == ' ' || first == '\t') {
                    if (name == null) {
                        throw new Malformed("a folded line with no field before it");
                    }
                    int vs = skipSpace(h, p);
                    int ve = lineEnd(h, vs);
                    value = folded(value, h, vs, trimEnd(h, vs, ve));
                    p = ve + 2;
                    continue;
                }
                if (name != null) {
                    add(out, name, value, head);
                }
                int ns = p;
                while (TOKEN[h[p] & 0xff] != 0) {
                    p++;
                }
                int ne = p;
                if (ne == ns) {
                    throw new Malformed("a field line without a name");
                }
                if (removeSpaceBeforeColon) {
                    p = skipSpace(h, p);
                }
                if (h[p] != ':') {
                    throw new Malformed("a field name with a character no name may hold");
                }
                int vs = skipSpace(h, p + 1);
                int ve = lineEnd(h, vs);
                name = name(h, ns, ne - ns);
                int vt = trimEnd(h, vs, ve);
                value = vt == vs ? AsciiString.EMPTY_STRING : new AsciiString(h, vs, vt - vs, false);
                p = ve + 2;
            }
            if (name != null) {
                add(out, name, value, head);
            }
        } finally {
            adding = false;
        }
        if (chunked && contentLength >= 0) {
            throw new Malformed("both Content-Length and Transfer-Encoding");
        }
    }

    private void add(HttpHeaders out, AsciiString name, AsciiString value, boolean head) throws Malformed {
        int n = name.length();
        boolean contentLengthName = n == 14 && name.contentEqualsIgnoreCase(HttpHeaderNames.CONTENT_LENGTH);
        boolean transferEncodingName = n == 17 && name.contentEqualsIgnoreCase(HttpHeaderNames.TRANSFER_ENCODING);
        if (!head) {
            if (contentLengthName || transferEncodingName
                    || (n == 7 && name.contentEqualsIgnoreCase(HttpHeaderNames.TRAILER))) {
                return;
            }
        } else if (contentLengthName) {
            if (contentLength >= 0) {
                throw new Malformed("Content-Length twice");
            }
            contentLength = digits(value);
        } else if (transferEncodingName) {
            if (chunked) {
                throw new Malformed("Transfer-Encoding twice");
            }
            if (!value.contentEqualsIgnoreCase(HttpHeaderValues.CHUNKED)) {
                throw new Malformed("a Transfer-Encoding other than chunked");
            }
            chunked = true;
        }
        out.add(name, value);
    }

    private static long digits(AsciiString v) throws Malformed {
        int n = v.length();
        if (n == 0 || n > 18) {
            throw new Malformed("a Content-Length that is not a number");
        }
        long x = 0;
        for (int i = 0; i < n; i++) {
            int d = v.byteAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new Malformed("a Content-Length that is not a number");
            }
            x = x * 10 + d;
        }
        return x;
    }

    /**
     * Where the value (or reason phrase) starting at {@code p} ends: its CR, which must be followed by LF. It may
     * hold VCHAR, obs-text, SP and HTAB. The section ends in CRLF, so a CR comes before the array's end does.
     */
    static int lineEnd(byte[] h, int p) throws Malformed {
        // Eight bytes at a time up to the first that may be a control character or DEL, then byte by byte.
        int n = h.length - 8;
        while (p <= n) {
            long w = (long) LONGS.get(h, p);
            long del = w ^ 0x7f7f7f7f7f7f7f7fL;
            long special = ((w - 0x2020202020202020L) & ~w | (del - 0x0101010101010101L) & ~del) & 0x8080808080808080L;
            if (special != 0) {
                p += Long.numberOfTrailingZeros(special) >>> 3;
                break;
            }
            p += 8;
        }
        byte kind;
        while ((kind = VALUE[h[p] & 0xff]) == 0) {
            p++;
        }
        if (kind == REFUSED) {
            throw new Malformed(h[p] == '\n' ? "a bare LF in the head" : "a control character in a field value");
        }
        if (h[p + 1] != '\n') {
            throw new Malformed("a bare CR in the head");
        }
        return p;
    }

    private static int skipSpace(byte[] h, int p) {
        while (h[p] == ' ' || h[p] == '\t') {
            p++;
        }
        return p;
    }

    private static int trimEnd(byte[] h, int from, int to) {
        while (to > from && (h[to - 1] == ' ' || h[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** An obs-fold replaced by one space; an empty continuation adds nothing. */
    private static AsciiString folded(AsciiString value, byte[] h, int from, int to) {
        if (to == from) {
            return value;
        }
        int n = value.length();
        byte[] joined = new byte[n + 1 + to - from];
        System.arraycopy(value.array(), value.arrayOffset(), joined, 0, n);
        joined[n] = ' ';
        System.arraycopy(h, from, joined, n + 1, to - from);
        return new AsciiString(joined, false);
    }

    /** A known name's first slot: from its length and its first and last bytes, which tell most names apart. */
    private static int slot(byte[] h, int from, int n) {
        return (n * 31 + h[from] * 7 + h[from + n - 1]) & (KNOWN_SLOTS - 1);
    }

    /** The known name with these bytes (same case), else a view of them. */
    private AsciiString name(byte[] h, int from, int n) {
        int slot = slot(h, from, n);
        AsciiString k;
        while ((k = knownNames[slot]) != null) {
            if (k.length() == n && Arrays.equals(k.array(), 0, n, h, from, from + n)) {
                return k;
            }
            slot = (slot + 1) & (KNOWN_SLOTS - 1);
        }
        return new AsciiString(h, from, n, false);
    }
}
