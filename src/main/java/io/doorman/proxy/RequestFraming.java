package io.doorman.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What a client's request head says about the exchange's framing, read once: whether the connection stays
 * open, the HTTP version, whether a body follows, whether the client waits for {@code 100 Continue}, whether it
 * asks for a WebSocket, and whether it may be sent again on a fresh connection.
 *
 * @param webSocketUpgrade the client's {@code Upgrade} value when it asked for a WebSocket, else null
 * @param idempotent       the method may be retried (RFC 9110 section 9.2.2)
 */
record RequestFraming(boolean keepAlive, boolean http11, boolean head, boolean hasBody, boolean expectContinue,
        String webSocketUpgrade, boolean idempotent) {

    static RequestFraming of(HttpRequest request) {
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        HttpMethod m = request.method();
        return new RequestFraming(
                HttpUtil.isKeepAlive(request),
                http11,
                m.equals(HttpMethod.HEAD),
                HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0,
                http11 && HttpUtil.is100ContinueExpected(request),
                ForwardedHeaders.isWebSocketUpgrade(request.headers())
                        ? request.headers().get(HttpHeaderNames.UPGRADE) : null,
                m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS)
                        || m.equals(HttpMethod.PUT) || m.equals(HttpMethod.DELETE) || m.equals(HttpMethod.TRACE));
    }
}
