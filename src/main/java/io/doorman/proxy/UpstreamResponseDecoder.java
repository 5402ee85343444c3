package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Reads PMS's answers on one upstream connection. The {@link MessageEncoder} says which request the next answer
 * is for: the answer to a {@code HEAD} has no body, whatever its {@code Content-Length} says (one request is in
 * flight per connection, so one flag is the whole bookkeeping). A {@code 101} ends HTTP on the connection. An
 * answer with neither length nor chunks ends when PMS closes.
 */
final class UpstreamResponseDecoder extends MessageDecoder {

    private final int maxHeadBytes;
    private final ResponseHeadParser parser = new ResponseHeadParser();
    private boolean headPending;

    UpstreamResponseDecoder(int maxHeadBytes, ReadClock clock) {
        super(clock, maxHeadBytes);
        this.maxHeadBytes = maxHeadBytes;
    }

    void requestSent(HttpMethod method) {
        headPending = HttpMethod.HEAD.equals(method);
    }

    @Override
    void readHead(ByteBuf in, List<Object> out) {
        if (!skipEmptyLines(in)) {
            return;
        }
        int start = in.readerIndex();
        HttpResponse r;
        try {
            int length = headLength(in, true, maxHeadBytes, maxHeadBytes);
            if (length < 0 && in.readableBytes() <= maxHeadBytes) {
                return; // the rest of the head is still to come
            }
            if (length < 0 || length > maxHeadBytes) {
                throw new FieldLines.Malformed("a head over " + maxHeadBytes + " bytes");
            }
            byte[] h = new byte[length];
            in.getBytes(start, h);
            in.skipBytes(length);
            r = parser.response(h);
        } catch (Exception e) {
            badHead(in, out, e);
            return;
        }
        out.add(r);
        int code = r.status().code();
        if (code == 101) {
            upgraded();
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
            noBody(out);
        } else if (parser.chunked()) {
            chunkedBody();
        } else if (parser.contentLength() > 0) {
            fixedBody(parser.contentLength());
        } else {
            bodyUntilClose();
        }
    }

    @Override
    HttpMessage failedHead() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, new HttpResponseStatus(999, "Unknown"),
                Unpooled.EMPTY_BUFFER);
    }

    @Override
    HttpHeaders trailers(byte[] t) throws FieldLines.Malformed {
        return parser.trailers(t);
    }
}
