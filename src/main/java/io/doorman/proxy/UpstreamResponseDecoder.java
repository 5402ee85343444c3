package io.doorman.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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

    private final ResponseHeadParser parser = new ResponseHeadParser();
    private boolean headPending;

    /** @param maxHeadBytes the most bytes an answer's whole head may hold */
    UpstreamResponseDecoder(int maxHeadBytes, ReadClock clock) {
        super(clock, maxHeadBytes, maxHeadBytes, maxHeadBytes);
    }

    void requestSent(HttpMethod method) {
        headPending = HttpMethod.HEAD.equals(method);
    }

    @Override
    HttpMessage parseHead(byte[] h) throws FieldLines.Malformed {
        return parser.response(h);
    }

    @Override
    void startBody(HttpMessage head, List<Object> out) {
        int code = ((HttpResponse) head).status().code();
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
        if (bodyless) {
            noBody(out);
        } else {
            body(out, true);
        }
    }

    @Override
    HttpMessage failedHead() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, new HttpResponseStatus(999, "Unknown"),
                Unpooled.EMPTY_BUFFER);
    }

    @Override
    FieldLines fields() {
        return parser.fields();
    }
}
