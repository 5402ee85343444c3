package io.doorman.proxy;

import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one response head from PMS, or the trailer fields of a chunked body, out of the bytes that hold it
 * whole, checking them as RFC 9112 asks and refusing what two readers could take differently: lines end in
 * CRLF; names are tokens (whitespace before the colon is removed, as a proxy must); values hold no control
 * character but HTAB; an obs-fold becomes one space; at most one {@code Content-Length} (digits only) and at
 * most one {@code Transfer-Encoding}, which must be {@code chunked}, never both.
 *
 * <p>Names and values are {@link AsciiString}s over the head's own array, which the headers keep: no String per
 * field, and the encoder copies them to the client as they came. The headers check what is set on them later
 * (a response policy's values) with Netty's usual checks; the fields read here were checked by this parser.
 * One per upstream connection; after {@link #response} it holds the head's framing.
 */
final class ResponseHeadParser {

    /** A head or trailer section this parser refuses: the reason, for the 502's log line. */
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
    private static final AsciiString[][] KNOWN_NAMES = new AsciiString[40][];

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
        // The names PMS (and the bench's nginx) send on most answers, in the case they send them: one of these
        // costs no array view and has its hash already.
        String[] known = {"Server", "Date", "Content-Type", "Content-Length", "Connection", "Transfer-Encoding",
            "Keep-Alive", "Cache-Control", "Vary", "Accept-Ranges", "Content-Range", "Content-Encoding", "ETag",
            "Last-Modified", "Expires", "Location", "Set-Cookie", "X-Plex-Protocol", "Access-Control-Allow-Origin",
            "Access-Control-Expose-Headers", "X-Plex-Content-Original-Length", "X-Plex-Content-Compressed-Length"};
        for (String k : known) {
            AsciiString[] row = KNOWN_NAMES[k.length()];
            AsciiString[] grown = row == null ? new AsciiString[1] : Arrays.copyOf(row, row.length + 1);
            grown[grown.length - 1] = AsciiString.cached(k);
            KNOWN_NAMES[k.length()] = grown;
        }
    }

    private static final DefaultHeaders.NameValidator<CharSequence> NETTY_NAMES =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();
    private static final DefaultHeaders.ValueValidator<CharSequence> NETTY_VALUES =
            DefaultHttpHeadersFactory.headersFactory().getValueValidator();

    /** Off while this parser adds the fields it has checked itself; Netty's checks for everything else. */
    private boolean adding;
    private final HttpHeadersFactory headers;

    /** The last head's {@code Content-Length}, or -1 when it had none. */
    private long contentLength;
    /** Whether the last head said {@code Transfer-Encoding: chunked}. */
    private boolean chunked;

    ResponseHeadParser() {
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

    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    /** The response whose head is {@code h}, status line to the empty line that ends it. */
    HttpResponse response(byte[] h) throws Malformed {
        contentLength = -1;
        chunked = false;
        int n = h.length;
        if (n < 14 || h[0] != 'H' || h[1] != 'T' || h[2] != 'T' || h[3] != 'P' || h[4] != '/' || h[5] != '1'
                || h[6] != '.' || (h[7] != '1' && h[7] != '0') || h[8] != ' ') {
            throw new Malformed("not an HTTP/1.x status line");
        }
        HttpVersion version = h[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int d = h[i] - '0';
            if (d < 0 || d > 9) {
                throw new Malformed("a status code that is not three digits");
            }
            code = code * 10 + d;
        }
        if (code < 100 || code > 599) {
            throw new Malformed("status code " + code);
        }
        int reasonStart;
        if (h[12] == ' ') {
            reasonStart = 13;
        } else if (h[12] == '\r') {
            reasonStart = 12;
        } else {
            throw new Malformed("a status code that is not three digits");
        }
        int reasonEnd = valueEnd(h, reasonStart);
        HttpResponseStatus status = status(code, h, reasonStart, reasonEnd);
        HttpHeaders fields = headers.newHeaders();
        fields(h, reasonEnd + 2, fields, true);
        if (chunked && contentLength >= 0) {
            throw new Malformed("both Content-Length and Transfer-Encoding");
        }
        return new DefaultHttpResponse(version, status, fields);
    }

    /** The trailer fields in {@code t} (after the last chunk, to the empty line); framing names are dropped. */
    HttpHeaders trailers(byte[] t) throws Malformed {
        HttpHeaders fields = headers.newHeaders();
        fields(t, 0, fields, false);
        return fields;
    }

    private static HttpResponseStatus status(int code, byte[] h, int from, int to) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(code);
        String phrase = known.reasonPhrase();
        if (phrase.length() == to - from) {
            boolean same = true;
            for (int i = 0; i < phrase.length() && same; i++) {
                same = phrase.charAt(i) == h[from + i];
            }
            if (same) {
                return known;
            }
        }
        return new HttpResponseStatus(code, new String(h, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Adds the field lines from {@code p} up to the empty line that ends the section. A field is added when the
     * next line shows it is not folded, so a fold only ever lengthens the one pending value.
     */
    private void fields(byte[] h, int p, HttpHeaders out, boolean head) throws Malformed {
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
                    int ve = valueEnd(h, vs);
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
                p = skipSpace(h, p);
                if (h[p] != ':') {
                    throw new Malformed("a field name with a character no name may hold");
                }
                int vs = skipSpace(h, p + 1);
                int ve = valueEnd(h, vs);
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
    }

    private void add(HttpHeaders out, AsciiString name, AsciiString value, boolean head) throws Malformed {
        int n = name.length();
        boolean contentLengthName = n == 14 && name.contentEqualsIgnoreCase(HttpHeaderNames.CONTENT_LENGTH);
        boolean transferEncodingName = n == 17 && name.contentEqualsIgnoreCase(HttpHeaderNames.TRANSFER_ENCODING);
        if (!head) {
            if (contentLengthName || transferEncodingName
                    || (n == 7 && name.contentEqualsIgnoreCase(HttpHeaderNames.TRAILER))) {
                return; // framing fields mean nothing after the body (RFC 9110 6.5.1)
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
     * hold VCHAR, obs-text, SP and HTAB. The head ends in CRLF CRLF, so a CR comes before the array's end does.
     */
    private static int valueEnd(byte[] h, int p) throws Malformed {
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

    /** An obs-fold replaced by one space (RFC 9112 5.2); an empty continuation adds nothing. */
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

    private static AsciiString name(byte[] h, int from, int n) {
        AsciiString[] row = n < KNOWN_NAMES.length ? KNOWN_NAMES[n] : null;
        if (row != null) {
            for (AsciiString k : row) {
                byte[] a = k.array();
                int o = k.arrayOffset();
                int i = 0;
                while (i < n && a[o + i] == h[from + i]) {
                    i++;
                }
                if (i == n) {
                    return k;
                }
            }
        }
        return new AsciiString(h, from, n, false);
    }
}
