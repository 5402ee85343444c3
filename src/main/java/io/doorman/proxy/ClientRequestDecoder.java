package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Reads a client's requests. Its request line may hold {@code maxUriBytes} and its header lines
 * {@code maxHeaderBytes} together (CRLFs not counted); over either, the failed request's cause is Netty's
 * {@code TooLongHttpLineException} or {@code TooLongHttpHeaderException}, which the connection answers 414 or
 * 431. It tells the connection of each read before decoding it: the request-head timer starts at a head's first
 * byte.
 */
final class ClientRequestDecoder extends MessageDecoder {

    private final int maxUriBytes;
    private final int maxHeaderBytes;
    private final Runnable onBytes;
    private final RequestHeadParser parser = new RequestHeadParser();

    ClientRequestDecoder(int maxUriBytes, int maxHeaderBytes, Runnable onBytes, ReadClock clock) {
        super(clock, maxHeaderBytes);
        this.maxUriBytes = maxUriBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.onBytes = onBytes;
    }

    @Override
    void onRead(Object msg) {
        if (msg instanceof ByteBuf) {
            onBytes.run();
        }
    }

    @Override
    void readHead(ByteBuf in, List<Object> out) {
        if (!skipEmptyLines(in)) {
            return;
        }
        int start = in.readerIndex();
        HttpRequest r;
        try {
            int length = headLength(in, true, maxUriBytes, maxHeaderBytes);
            if (length < 0) {
                return; // the rest of the head is still to come
            }
            byte[] h = new byte[length];
            in.getBytes(start, h);
            in.skipBytes(length);
            r = parser.request(h);
        } catch (Exception e) {
            badHead(in, out, e);
            return;
        }
        out.add(r);
        if (parser.chunked()) {
            chunkedBody();
        } else if (parser.contentLength() > 0) {
            fixedBody(parser.contentLength());
        } else {
            noBody(out); // a request without framing has no body (RFC 9112 6.3)
        }
    }

    @Override
    HttpMessage failedHead() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request");
    }

    @Override
    HttpHeaders trailers(byte[] t) throws FieldLines.Malformed {
        return parser.trailers(t);
    }
}
