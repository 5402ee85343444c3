package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * Reads one side's HTTP/1.1 messages into Netty's types: a head ({@link HttpMessage}, read by the subclass), then
 * its body as {@code HttpContent} pieces that share the read buffers, ending in one {@link LastHttpContent}. It
 * stands in for Netty's decoders, whose line-by-line parsing and per-field Strings were the largest part of the
 * proxy's user time on small messages; heads are checked by a {@link FieldLines}.
 *
 * <p>A head that is refused comes out as a message with a failed decoder result, a broken body as a failed last
 * piece, and the connection then yields nothing more. It holds the loop's {@link ReadClock} on each read.
 */
abstract class MessageDecoder extends ByteToMessageDecoder {

    private static final int HEAD = 0;
    private static final int FIXED = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_END = 4;
    private static final int TRAILERS = 5;
    private static final int UNTIL_CLOSE = 6;
    private static final int UPGRADED = 7;
    private static final int BROKEN = 8;

    /** The largest body piece passed on at once: a slow reader then holds back at most this much per piece. */
    private static final int MAX_PIECE = 1024 * 1024;
    private static final int MAX_CHUNK_LINE = 4096;

    private final ReadClock clock;
    private final int maxLine;
    private final int maxFields;
    private final int maxHead;
    private int state = HEAD;
    /** Body bytes still to come: of the whole body (Content-Length) or of the current chunk. */
    private long remaining;
    /** The head now arriving, scanned so far: the next line's offset from the reader index, and so on. */
    private int scanned;
    private int fieldBytes;
    private boolean startLineScanned;

    /**
     * @param maxLine   the most bytes a start line may hold (CRLF not counted)
     * @param maxFields the most bytes the field lines of a head, or the trailer lines, may hold together
     * @param maxHead   the most bytes a whole head may hold
     */
    MessageDecoder(ReadClock clock, int maxLine, int maxFields, int maxHead) {
        this.clock = clock;
        this.maxLine = maxLine;
        this.maxFields = maxFields;
        this.maxHead = maxHead;
    }

    /** The message whose head is {@code h}, start line to the empty line that ends it. */
    abstract HttpMessage parseHead(byte[] h) throws FieldLines.Malformed;

    /** What follows {@code head}: calls {@link #body}, {@link #noBody} or {@link #upgraded}. */
    abstract void startBody(HttpMessage head, List<Object> out);

    /** The message standing for a head that was refused or cut off; its decoder result is set here. */
    abstract HttpMessage failedHead();

    /** What the last head's fields said of its framing; also reads the trailers. */
    abstract FieldLines fields();

    /** A read arrived, before it is decoded. */
    void onRead(Object msg) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        clock.enter();
        try {
            onRead(msg);
            super.channelRead(ctx, msg);
        } finally {
            clock.exit();
        }
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
        if (!skipEmptyLines(in)) {
            return;
        }
        HttpMessage head;
        try {
            int length = headLength(in, true);
            if (length < 0 && in.readableBytes() <= maxHead) {
                return; // the rest of the head is still to come
            }
            if (length < 0 || length > maxHead) {
                throw new FieldLines.Malformed("a head over " + maxHead + " bytes");
            }
            head = parseHead(take(in, length));
        } catch (Exception e) {
            badHead(in, out, e);
            return;
        }
        out.add(head);
        startBody(head, out);
    }

    /** The next {@code length} bytes, copied out and read past. */
    private static byte[] take(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    // ---- what follows a head, as the subclass decides ----

    /** The message has no body, or an empty one. */
    final void noBody(List<Object> out) {
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /**
     * The body the head's framing fields say: chunks, or {@code Content-Length} bytes; without either, none, or
     * when {@code untilClose} one that ends when the peer closes (RFC 9112 6.3).
     */
    final void body(List<Object> out, boolean untilClose) {
        FieldLines framing = fields();
        if (framing.chunked()) {
            state = CHUNK_SIZE;
        } else if (framing.contentLength() > 0) {
            remaining = framing.contentLength();
            state = FIXED;
        } else if (framing.contentLength() < 0 && untilClose) {
            state = UNTIL_CLOSE;
        } else {
            noBody(out);
        }
    }

    /** HTTP ends on this connection: the bytes after the head pass on as they are. */
    final void upgraded() {
        state = UPGRADED;
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
            if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7f) { // obs-text may stand in a quoted value
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
        if (in.readableBytes() < 2) {
            return;
        }
        if (in.getByte(start) == '\r' && in.getByte(start + 1) == '\n') {
            in.skipBytes(2);
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = HEAD;
            return;
        }
        try {
            int length = headLength(in, false);
            if (length < 0) {
                return;
            }
            out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, fields().trailers(take(in, length))));
            state = HEAD;
        } catch (Exception e) {
            badBody(in, out, e.getMessage());
        }
    }

    /**
     * The length of the head (or trailer section) at the reader index once it has all arrived, else -1. Each call
     * goes on from the line the last one stopped at, so a head that trickles in is scanned once. The start line
     * may hold {@code maxLine} bytes and the field lines {@code maxFields} together, their CRLFs not counted. Every
     * LF must end a CRLF, so a head found ends in CRLF CRLF, as {@link FieldLines} relies on.
     */
    private int headLength(ByteBuf in, boolean startLine) throws Exception {
        int base = in.readerIndex();
        int end = in.writerIndex();
        while (true) {
            int line = base + scanned;
            boolean first = startLine && !startLineScanned;
            int room = first ? maxLine : maxFields - fieldBytes;
            int lf = in.indexOf(line, (int) Math.min(end, (long) line + room + 2), (byte) '\n');
            if (lf < 0) {
                if (end - line > room + 1) {
                    throw first ? new TooLongHttpLineException("a start line over " + maxLine + " bytes")
                            : new TooLongHttpHeaderException("header fields over " + maxFields + " bytes");
                }
                return -1;
            }
            if (lf == line || in.getByte(lf - 1) != '\r') {
                throw new FieldLines.Malformed("a bare LF in the head");
            }
            int length = lf - 1 - line;
            scanned = lf + 1 - base;
            if (first) {
                startLineScanned = true;
            } else if (length == 0) {
                int head = scanned;
                scanned = 0;
                fieldBytes = 0;
                startLineScanned = false;
                return head;
            } else {
                fieldBytes += length;
            }
        }
    }

    /**
     * Skips the empty lines (CRLF) a peer may send before a start line (RFC 9112 2.2); a lone CR or LF is left to
     * be refused. False when nothing else has come yet.
     */
    private static boolean skipEmptyLines(ByteBuf in) {
        int p = in.readerIndex();
        int end = in.writerIndex();
        while (p + 1 < end && in.getByte(p) == '\r' && in.getByte(p + 1) == '\n') {
            p += 2;
        }
        in.readerIndex(p);
        return p < end;
    }

    private void badHead(ByteBuf in, List<Object> out, Throwable cause) {
        in.skipBytes(in.readableBytes());
        HttpMessage bad = failedHead();
        bad.setDecoderResult(DecoderResult.failure(cause));
        out.add(bad);
        state = BROKEN;
    }

    private void badBody(ByteBuf in, List<Object> out, String reason) {
        in.skipBytes(in.readableBytes());
        failedLast(out, new FieldLines.Malformed(reason));
    }

    private void failedLast(List<Object> out, Throwable cause) {
        LastHttpContent bad = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, EmptyHttpHeaders.INSTANCE);
        bad.setDecoderResult(DecoderResult.failure(cause));
        out.add(bad);
        state = BROKEN;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        switch (state) {
            case HEAD -> {
                if (in.isReadable()) {
                    badHead(in, out, new PrematureChannelClosureException("the connection closed inside a head"));
                }
            }
            case UNTIL_CLOSE -> {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                state = HEAD;
            }
            case FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS ->
                    failedLast(out, new PrematureChannelClosureException("the connection closed inside a body"));
            default -> {
            }
        }
    }
}
