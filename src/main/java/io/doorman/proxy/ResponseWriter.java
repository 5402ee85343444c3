package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The client side of a response: frames the head for this client (chunked for HTTP/1.1 when the length is
 * unknown, close-delimited for HTTP/1.0), streams body buffers as they were read, or collects a small body
 * for a {@link ResponseAction.Transform} and falls back to streaming when it outgrows the limit.
 */
final class ResponseWriter {

    private final Exchange exchange;
    private final ChannelHandlerContext ctx;
    private final boolean isHead;
    private final boolean clientHttp11;
    private final boolean clientKeepAlive;
    private int status;
    private long bytesOut;
    private boolean started;
    private boolean completed;
    private boolean closeAfter;
    private HttpResponse collectHead;
    private ResponseHead collectInfo;
    private ResponseAction.Transform transform;
    private CompositeByteBuf collected;

    ResponseWriter(Exchange exchange, ChannelHandlerContext ctx, boolean isHead, boolean clientHttp11,
            boolean clientKeepAlive) {
        this.exchange = exchange;
        this.ctx = ctx;
        this.isHead = isHead;
        this.clientHttp11 = clientHttp11;
        this.clientKeepAlive = clientKeepAlive;
    }

    boolean started() {
        return started;
    }

    boolean completed() {
        return completed;
    }

    int status() {
        return status;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** Whether the upstream response still has parts to read. */
    boolean wantsMore() {
        return !completed;
    }

    /** Whether reading more from upstream now is fine: collecting, or the client keeps up. */
    boolean canSend() {
        return collected != null || !started || ctx.channel().isWritable();
    }

    void flush() {
        if (started) {
            ctx.flush();
        }
    }

    /** Doorman answered by itself. */
    void localSent(int code, long length) {
        status = code;
        bytesOut = length;
        started = true;
        completed = true;
    }

    void head(HttpResponse r) {
        status = r.status().code();
        boolean bodyless = isHead || status == 204 || status == 304;
        if (!bodyless && !r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (clientHttp11) {
                r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                closeAfter = true; // an HTTP/1.0 client learns the end of the body only from the close
            }
        }
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (closeAfter || !clientKeepAlive || exchange.draining()) {
            closeAfter = true;
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientHttp11) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(r, ctx.voidPromise());
        started = true;
    }

    /** Relays a {@code 101} as PMS sent it (its own {@code Upgrade}, else the client's); the tunnel follows. */
    void switchingProtocols(HttpResponse r, String clientUpgrade) {
        status = 101;
        String upgrade = r.headers().get(HttpHeaderNames.UPGRADE, clientUpgrade);
        ForwardedHeaders.stripHopByHop(r.headers());
        r.headers().set(HttpHeaderNames.UPGRADE, upgrade);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        ctx.writeAndFlush(r);
        started = true;
        completed = true;
    }

    void collect(HttpResponse r, ResponseHead info, ResponseAction.Transform t) {
        status = r.status().code();
        boolean bodyless = isHead || status == 204 || status == 304;
        if (bodyless || info.contentLength() > t.maxBytes()) {
            head(r);
            return;
        }
        collectHead = r;
        collectInfo = info;
        transform = t;
        collected = ctx.alloc().compositeBuffer(64);
    }

    void content(HttpContent c) {
        if (collected != null) {
            collectContent(c);
            return;
        }
        bytesOut += c.content().readableBytes();
        if (c instanceof LastHttpContent) {
            completed = true;
            ChannelFuture f = ctx.writeAndFlush(c);
            exchange.complete(status, null, closeAfter, f);
        } else {
            ctx.write(c, ctx.voidPromise());
        }
    }

    private void collectContent(HttpContent c) {
        ByteBuf part = c.content();
        if (collected.readableBytes() + part.readableBytes() > transform.maxBytes()) {
            // Outgrew the limit: send what we hold untouched and stream the rest.
            ByteBuf sofar = collected;
            collected = null;
            head(collectHead);
            bytesOut += sofar.readableBytes();
            ctx.write(new DefaultHttpContent(sofar));
            content(c);
            return;
        }
        boolean last = c instanceof LastHttpContent;
        collected.addComponent(true, part); // takes over c's reference
        if (last) {
            finishTransform();
        }
    }

    private void finishTransform() {
        byte[] body = ByteBufUtil.getBytes(collected);
        collected.release();
        collected = null;
        ResponseAction.Transformed t = null;
        try {
            t = transform.transform().apply(collectInfo, body);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ResponseWriter.class).warn("response transform failed: {}", e.toString());
        }
        byte[] out = body;
        HttpResponse h = collectHead;
        if (t != null) {
            out = t.body();
            for (Header e : t.edits()) {
                if (e.value() == null) {
                    h.headers().remove(e.name());
                } else {
                    h.headers().set(e.name(), e.value());
                }
            }
        }
        h.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, out.length);
        head(h);
        bytesOut += out.length;
        completed = true;
        ChannelFuture f = ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(out)));
        exchange.complete(status, null, closeAfter, f);
    }

    void release() {
        if (collected != null) {
            collected.release();
            collected = null;
        }
    }
}
