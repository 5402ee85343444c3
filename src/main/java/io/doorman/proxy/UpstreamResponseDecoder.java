package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Reads PMS's answers on one upstream connection into Netty's message types: a head ({@link HttpResponse}), then
 * its body as {@code HttpContent} pieces that share the read buffers, ending in one {@link LastHttpContent}. It
 * stands in for Netty's response decoder, whose line-by-line parsing and per-field Strings were the largest part
 * of the proxy's user time on small answers; the head is checked by a {@link ResponseHeadParser}.
 *
 * <p>The {@link MessageEncoder} says which request the next answer is for: the answer to a {@code HEAD} has no
 * body, whatever its {@code Content-Length} says (one request is in flight per connection, so one flag is the
 * whole bookkeeping). A {@code 101} ends HTTP on the connection: the bytes after its head pass on as they are.
 * A head this decoder refuses comes out as a failed response, a broken body as a failed last piece, and the
 * connection then yields nothing more. It holds the loop's {@link ReadClock} on each read.
 */
final class UpstreamResponseDecoder extends ByteToMessageDecoder {

    private static final int HEAD = 0;
    private static final int FIXED = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_END = 4;
    private static final int TRAILERS = 5;
    private static final int UNTIL_CLOSE = 6;
    private static final int UPGRADED = 7;
    private static final int BROKEN = 8;

    /** The largest body piece passed on at once: a slow client then holds back at most this much per piece. */
    private static final int MAX_PIECE = 1024 * 1024;
    private static final int MAX_CHUNK_LINE = 4096;

    private final int maxHeadBytes;
    private final ReadClock clock;
    private final ResponseHeadParser parser = new ResponseHeadParser();
    private boolean headPending;
    private int state = HEAD;
    /** Body bytes still to come: of the whole body (Content-Length) or of the current chunk. */
    private long remaining;

    UpstreamResponseDecoder(int maxHeadBytes, ReadClock clock) {
        this.maxHeadBytes = maxHeadBytes;
        this.clock = clock;
    }

    void requestSent(HttpMethod method) {
        headPending = HttpMethod.HEAD.equals(method);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        clock.enter();
        try {
            super.channelRead(ctx, msg);
        } finally {
            clock.exit();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case HEAD -> readHead(in, out);
            case FIXED -> readFixed(in, out);
            case CHUNK_SIZE -> readChunkSize(in, out);
            case CHUNK_DATA -> readChunkData(in, out);
            case CHUNK_END -> readChunkEnd(in, out);
            case TRAILERS -> readTrailers(in, out);
            case UNTIL_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(Math.min(in.readableBytes(), MAX_PIECE))));
            case UPGRADED -> out.add(in.readRetainedSlice(in.readableBytes()));
            default -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHead(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        while (start < end && isLineEnd(in.getByte(start))) {
            start++; // empty lines before a status line are ignored (RFC 9112 2.2)
        }
        in.readerIndex(start);
        if (start == end) {
            return;
        }
        int headEnd;
        try {
            headEnd = sectionEnd(in, start, end, maxHeadBytes);
        } catch (ResponseHeadParser.Malformed e) {
            badHead(in, out, e.getMessage());
            return;
        }
        if (headEnd < 0) {
            return; // the rest of the head is still to come
        }
        byte[] h = new byte[headEnd - start];
        in.getBytes(start, h);
        in.readerIndex(headEnd);
        HttpResponse r;
        try {
            r = parser.response(h);
        } catch (ResponseHeadParser.Malformed e) {
            badHead(in, out, e.getMessage());
            return;
        }
        out.add(r);
        int code = r.status().code();
        if (code == 101) {
            state = UPGRADED;
            return;
        }
        boolean bodyless;
        if (code < 200) {
            bodyless = true; // an interim answer: the final one, still to come, answers the HEAD
        } else {
            bodyless = headPending || code == 204 || code == 304;
            headPending = false;
        }
        if (bodyless || (!parser.chunked() && parser.contentLength() == 0)) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (parser.chunked()) {
            state = CHUNK_SIZE;
        } else if (parser.contentLength() > 0) {
            remaining = parser.contentLength();
            state = FIXED;
        } else {
            state = UNTIL_CLOSE; // neither length nor chunks: the body ends when PMS closes (RFC 9112 6.3)
        }
    }

    private void readFixed(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(in.readableBytes(), remaining), MAX_PIECE);
        ByteBuf piece = in.readRetainedSlice(n);
        remaining -= n;
        if (remaining == 0) {
            out.add(new DefaultLastHttpContent(piece, EmptyHttpHeaders.INSTANCE));
            state = HEAD;
        } else {
            out.add(new DefaultHttpContent(piece));
        }
    }

    private void readChunkSize(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_CHUNK_LINE), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= MAX_CHUNK_LINE) {
                badBody(in, out, "a chunk-size line too long");
            }
            return;
        }
        long size = 0;
        int p = start;
        int digits = 0;
        for (int d; (d = Character.digit(in.getByte(p), 16)) >= 0; p++) {
            if (++digits > 15) {
                badBody(in, out, "a chunk size too large");
                return;
            }
            size = size * 16 + d;
        }
        while (in.getByte(p) == ' ' || in.getByte(p) == '\t') {
            p++;
        }
        if (digits == 0 || in.getByte(lf - 1) != '\r' || (p != lf - 1 && in.getByte(p) != ';')) {
            badBody(in, out, "a chunk-size line that is not hex");
            return;
        }
        for (int i = p; i < lf - 1; i++) {
            byte b = in.getByte(i);
            if (b < 0x20 && b != '\t' || b == 0x7f) {
                badBody(in, out, "a control character in a chunk extension");
                return;
            }
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            state = TRAILERS;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
    }

    private void readChunkData(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(in.readableBytes(), remaining), MAX_PIECE);
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        remaining -= n;
        if (remaining == 0) {
            state = CHUNK_END;
        }
    }

    private void readChunkEnd(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return;
        }
        if (in.getByte(in.readerIndex()) != '\r' || in.getByte(in.readerIndex() + 1) != '\n') {
            badBody(in, out, "chunk data not followed by CRLF");
            return;
        }
        in.skipBytes(2);
        state = CHUNK_SIZE;
    }

    private void readTrailers(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (end - start < 2) {
            return;
        }
        if (in.getByte(start) == '\r' && in.getByte(start + 1) == '\n') {
            in.skipBytes(2);
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = HEAD;
            return;
        }
        try {
            int sectionEnd = sectionEnd(in, start, end, maxHeadBytes);
            if (sectionEnd < 0) {
                return;
            }
            byte[] t = new byte[sectionEnd - start];
            in.getBytes(start, t);
            in.readerIndex(sectionEnd);
            out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, parser.trailers(t)));
            state = HEAD;
        } catch (ResponseHeadParser.Malformed e) {
            badBody(in, out, e.getMessage());
        }
    }

    /**
     * The index just past the empty line that ends the field section starting at {@code from}, or -1 when it has
     * not all arrived. Every LF must end a CRLF, so the parser can rely on the section ending in CRLF CRLF.
     */
    private static int sectionEnd(ByteBuf in, int from, int to, int max) throws ResponseHeadParser.Malformed {
        int line = from;
        int limit = Math.min(to, from + max);
        while (true) {
            int lf = in.indexOf(line, limit, (byte) '\n');
            if (lf < 0) {
                if (to - from >= max) {
                    throw new ResponseHeadParser.Malformed("a head over " + max + " bytes");
                }
                return -1;
            }
            if (lf == from || in.getByte(lf - 1) != '\r') {
                throw new ResponseHeadParser.Malformed("a bare LF in the head");
            }
            if (lf - line == 1) {
                return lf + 1;
            }
            line = lf + 1;
        }
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }

    private void badHead(ByteBuf in, List<Object> out, String reason) {
        in.skipBytes(in.readableBytes());
        DefaultFullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0,
                new HttpResponseStatus(999, "Unknown"), Unpooled.EMPTY_BUFFER);
        bad.setDecoderResult(DecoderResult.failure(new ResponseHeadParser.Malformed(reason)));
        out.add(bad);
        state = BROKEN;
    }

    private void badBody(ByteBuf in, List<Object> out, String reason) {
        in.skipBytes(in.readableBytes());
        LastHttpContent bad = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, EmptyHttpHeaders.INSTANCE);
        bad.setDecoderResult(DecoderResult.failure(new ResponseHeadParser.Malformed(reason)));
        out.add(bad);
        state = BROKEN;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        switch (state) {
            case HEAD -> {
                if (in.isReadable()) {
                    badHead(in, out, "the connection closed inside a head");
                }
            }
            case UNTIL_CLOSE -> {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                state = HEAD;
            }
            case FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS -> {
                LastHttpContent cut = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, EmptyHttpHeaders.INSTANCE);
                cut.setDecoderResult(DecoderResult.failure(
                        new PrematureChannelClosureException("the connection closed inside a body")));
                out.add(cut);
                state = BROKEN;
            }
            default -> {
            }
        }
    }
}
