package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the messages Doorman relays as HTTP/1.1 bytes, on either side: a request to PMS or a response to the
 * client, then its body parts, chunk-framed when the head says {@code Transfer-Encoding: chunked}. It stands in
 * for Netty's encoders, which cost a tenth of this proxy's user CPU on small requests: the head is laid out in
 * one reused array and copied to the wire buffer once, and a body part is passed on as the buffer it came in.
 *
 * <p>A response carries no body when it answers a {@code HEAD} (the client side says so with
 * {@link #answering}) or has a status that never has one (1xx, 204, 205, 304): whatever body parts follow it
 * are dropped, as the protocol requires.
 */
final class MessageEncoder extends ChannelOutboundHandlerAdapter {

    private static final int IDLE = 0;
    private static final int PLAIN = 1;
    private static final int CHUNKED = 2;
    private static final int BODYLESS = 3;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};
    private static final ByteBuf CRLF_BUF = constant("\r\n");
    private static final ByteBuf LAST_CHUNK = constant("0\r\n\r\n");
    private static final ByteBuf CRLF_LAST_CHUNK = constant("\r\n0\r\n\r\n");
    /** A body this small travels in the head's buffer: one copy is cheaper than a second buffer to write. */
    private static final int COPY_BODY_LIMIT = 8 * 1024;

    private static final FastThreadLocal<HeadBytes> HEAD_BYTES = new FastThreadLocal<>() {
        @Override
        protected HeadBytes initialValue() {
            return new HeadBytes();
        }
    };

    /** Upstream side: learns which request the next response answers. */
    private final UpstreamResponseDecoder decoder;
    private int state = IDLE;
    private boolean answeringHead;

    /** The client side's encoder. */
    MessageEncoder() {
        this(null);
    }

    /** An upstream connection's encoder, paired with its decoder. */
    MessageEncoder(UpstreamResponseDecoder decoder) {
        this.decoder = decoder;
    }

    /** Client side: whether the request now being answered is a {@code HEAD}. */
    void answering(boolean head) {
        answeringHead = head;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpMessage m) {
            writeHead(ctx, m, promise);
        } else if (msg instanceof HttpContent c) {
            writeBody(ctx, c, promise);
        } else {
            ctx.write(msg, promise); // raw bytes below HTTP, e.g. a tunnel's
        }
    }

    private void writeHead(ChannelHandlerContext ctx, HttpMessage m, ChannelPromise promise) {
        if (state != IDLE) {
            ReferenceCountUtil.release(m);
            promise.setFailure(new IllegalStateException("a message head while the previous body is unfinished"));
            return;
        }
        if (decoder != null && m instanceof HttpRequest r) {
            decoder.requestSent(r.method());
        }
        if (m instanceof HttpResponse r && bodyless(r)) {
            dropBodyFraming(r);
            state = BODYLESS;
        } else {
            state = HttpUtil.isTransferEncodingChunked(m) ? CHUNKED : PLAIN;
        }
        if (!(m instanceof HttpContent c)) {
            ctx.write(encodeHead(ctx, m, null), promise);
        } else if (state == PLAIN && c.content().readableBytes() <= COPY_BODY_LIMIT) {
            ByteBuf headAndBody = encodeHead(ctx, m, c.content());
            if (c instanceof LastHttpContent) {
                state = IDLE;
            }
            c.release();
            ctx.write(headAndBody, promise);
        } else {
            ctx.write(encodeHead(ctx, m, null), ctx.voidPromise());
            writeBody(ctx, c, promise);
        }
    }

    private boolean bodyless(HttpResponse r) {
        int code = r.status().code();
        if (code >= 100 && code < 200) {
            return code != 101 || r.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        }
        return answeringHead || code == 204 || code == 205 || code == 304;
    }

    /** What Netty's server encoder did to a response that has no body: 1xx and 204 say no length, 205 says 0. */
    private static void dropBodyFraming(HttpResponse r) {
        int code = r.status().code();
        HttpHeaders h = r.headers();
        if (code < 200 || code == 204) {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
            h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        } else if (code == 205) {
            h.remove(HttpHeaderNames.TRANSFER_ENCODING);
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
    }

    private void writeBody(ChannelHandlerContext ctx, HttpContent c, ChannelPromise promise) {
        boolean last = c instanceof LastHttpContent;
        ByteBuf body = c.content();
        int n = body.readableBytes();
        switch (state) {
            case PLAIN -> {
                if (n == 0 && promise.isVoid()) {
                    // The empty end of a bodyless request: nothing to send and nobody waiting to hear it was.
                    body.release();
                } else {
                    ctx.write(body, promise); // the content's reference travels with it
                }
            }
            case CHUNKED -> {
                if (n > 0) {
                    ctx.write(chunkSize(ctx, n), ctx.voidPromise());
                    ctx.write(body, ctx.voidPromise());
                } else {
                    body.release();
                }
                if (!last) {
                    ctx.write(n > 0 ? CRLF_BUF.duplicate() : Unpooled.EMPTY_BUFFER, promise);
                } else if (((LastHttpContent) c).trailingHeaders().isEmpty()) {
                    ctx.write(n > 0 ? CRLF_LAST_CHUNK.duplicate() : LAST_CHUNK.duplicate(), promise);
                } else {
                    ctx.write(trailers(ctx, n > 0, ((LastHttpContent) c).trailingHeaders()), promise);
                }
            }
            case BODYLESS -> {
                body.release();
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
            }
            default -> {
                body.release();
                promise.setFailure(new IllegalStateException("a body part without a message head"));
                return;
            }
        }
        if (last) {
            state = IDLE;
        }
    }

    private ByteBuf encodeHead(ChannelHandlerContext ctx, HttpMessage m, ByteBuf inlineBody) {
        HeadBytes b = HEAD_BYTES.get().reset();
        if (m instanceof HttpRequest r) {
            b.put(r.method().asciiName()).put(' ');
            putTarget(b, r.uri());
            b.put(' ').put(r.protocolVersion().text());
        } else {
            HttpResponse r = (HttpResponse) m;
            b.put(r.protocolVersion().text()).put(' ').put(r.status().codeAsText()).put(' ')
                    .put(r.status().reasonPhrase());
        }
        b.put(CRLF);
        putHeaders(b, m.headers());
        b.put(CRLF);
        int bodyBytes = inlineBody == null ? 0 : inlineBody.readableBytes();
        ByteBuf buf = b.copyTo(ctx.alloc().buffer(b.length() + bodyBytes));
        if (bodyBytes > 0) {
            buf.writeBytes(inlineBody, inlineBody.readerIndex(), bodyBytes);
        }
        return buf;
    }

    private static ByteBuf trailers(ChannelHandlerContext ctx, boolean afterChunk, HttpHeaders trailing) {
        HeadBytes b = HEAD_BYTES.get().reset();
        if (afterChunk) {
            b.put(CRLF);
        }
        b.put('0').put(CRLF);
        putHeaders(b, trailing);
        b.put(CRLF);
        return b.copyTo(ctx.alloc().buffer(b.length()));
    }

    private static ByteBuf chunkSize(ChannelHandlerContext ctx, int n) {
        String hex = Integer.toHexString(n);
        ByteBuf b = ctx.alloc().buffer(hex.length() + 2);
        b.writeCharSequence(hex, StandardCharsets.US_ASCII);
        return b.writeBytes(CRLF);
    }

    private static void putHeaders(HeadBytes b, HttpHeaders h) {
        Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            b.put(e.getKey()).put(COLON_SP).put(e.getValue()).put(CRLF);
        }
    }

    /**
     * The request target as Netty's encoder wrote it: an empty one as {@code /}, and an absolute one without a
     * path given {@code /} before its query.
     */
    private static void putTarget(HeadBytes b, String uri) {
        if (uri.isEmpty()) {
            b.put('/');
            return;
        }
        int scheme = uri.indexOf("://");
        if (scheme > 0 && uri.charAt(0) != '/') {
            int authority = scheme + 3;
            int query = uri.indexOf('?', authority);
            int slash = uri.indexOf('/', authority);
            if (slash == -1 || (query != -1 && slash > query)) {
                int cut = query == -1 ? uri.length() : query;
                b.put(uri.substring(0, cut)).put('/').put(uri.substring(cut));
                return;
            }
        }
        b.put(uri);
    }

    /** A head being laid out: one per event loop, its array grown to the largest head seen. */
    private static final class HeadBytes {
        private byte[] a = new byte[4096];
        private int p;

        HeadBytes reset() {
            p = 0;
            return this;
        }

        int length() {
            return p;
        }

        HeadBytes put(char c) {
            room(1);
            a[p++] = (byte) c;
            return this;
        }

        HeadBytes put(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, a, p, bytes.length);
            p += bytes.length;
            return this;
        }

        /**
         * Appends {@code s} as ISO-8859-1, a character it cannot hold becoming {@code ?} as in Netty's encoder,
         * so that no character can turn into a CR or LF on the wire.
         */
        HeadBytes put(CharSequence s) {
            int n = s.length();
            room(n);
            if (s instanceof AsciiString as) {
                System.arraycopy(as.array(), as.arrayOffset(), a, p, n);
            } else if (s instanceof String str) {
                System.arraycopy(str.getBytes(StandardCharsets.ISO_8859_1), 0, a, p, n);
            } else {
                for (int i = 0; i < n; i++) {
                    a[p + i] = AsciiString.c2b(s.charAt(i));
                }
            }
            p += n;
            return this;
        }

        ByteBuf copyTo(ByteBuf buf) {
            return buf.writeBytes(a, 0, p);
        }

        private void room(int n) {
            if (p + n > a.length) {
                a = Arrays.copyOf(a, Math.max(p + n, a.length * 2));
            }
        }
    }

    private static ByteBuf constant(String s) {
        return Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(s.length()).writeBytes(s.getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    }
}
