package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses Doorman writes itself: errors (400, 414, 431, 502, 504) and policy answers. */
final class LocalResponses {

    /** Written raw, below the HTTP encoder, so the codec's request/response bookkeeping stays aligned. */
    static final ByteBuf CONTINUE = Unpooled.unreleasableBuffer(Unpooled.directBuffer(25)
            .writeBytes("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private LocalResponses() {
    }

    static FullHttpResponse text(ByteBufAllocator alloc, int status, String text, boolean close) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = alloc.buffer(body.length).writeBytes(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), buf);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        ForwardedHeaders.markVia(r.headers());
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        return r;
    }

    static FullHttpResponse of(ByteBufAllocator alloc, RequestDecision.Respond d, boolean close) {
        byte[] body = d.body() == null ? new byte[0] : d.body();
        ByteBuf buf = alloc.buffer(body.length).writeBytes(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(d.status()), buf);
        for (Header h : d.headers()) {
            if (h.value() != null) {
                r.headers().add(h.name(), h.value());
            }
        }
        ForwardedHeaders.stripHopByHop(r.headers());
        ForwardedHeaders.markVia(r.headers());
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        return r;
    }
}
