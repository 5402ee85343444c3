package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
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

    private final Runnable onBytes;
    private final RequestHeadParser parser = new RequestHeadParser();

    ClientRequestDecoder(int maxUriBytes, int maxHeaderBytes, Runnable onBytes, ReadClock clock) {
        super(clock, maxUriBytes, maxHeaderBytes, Integer.MAX_VALUE);
        this.onBytes = onBytes;
    }

    @Override
    void onRead(Object msg) {
        if (msg instanceof ByteBuf) {
            onBytes.run();
        }
    }

    @Override
    HttpMessage parseHead(byte[] h) throws FieldLines.Malformed {
        return parser.request(h);
    }

    @Override
    void startBody(HttpMessage head, List<Object> out) {
        body(out, false); // a request without framing has no body (RFC 9112 6.3)
    }

    @Override
    HttpMessage failedHead() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request");
    }

    @Override
    FieldLines fields() {
        return parser.fields();
    }
}
