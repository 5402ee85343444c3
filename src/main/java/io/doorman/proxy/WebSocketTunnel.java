package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;

/**
 * After a WebSocket {@code 101}, relays bytes both ways untouched until either side closes. Each side reads
 * only while the other is writable (the HexDumpProxy idea, with auto-read switched off and on), so a slow
 * reader never piles up memory.
 */
final class WebSocketTunnel implements UpstreamListener {

    private final Channel client;
    private final Channel upstream;
    private final UpstreamPool.LoopPool pool;
    private boolean closed;

    WebSocketTunnel(Channel client, Channel upstream, UpstreamPool.LoopPool pool) {
        this.client = client;
        this.upstream = upstream;
        this.pool = pool;
    }

    void start() {
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
    }

    void onClientMessage(Object msg) {
        if (msg instanceof ByteBuf b && !closed) {
            upstream.write(b, upstream.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    void onClientReadComplete() {
        if (closed) {
            return;
        }
        upstream.flush();
        if (!upstream.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    @Override
    public void onUpstreamMessage(Object msg) {
        if (msg instanceof ByteBuf b && !closed) {
            client.write(b, client.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        if (closed) {
            return;
        }
        client.flush();
        if (!client.isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    void onClientWritable() {
        upstream.config().setAutoRead(true);
    }

    @Override
    public void onUpstreamWritable() {
        client.config().setAutoRead(true);
    }

    @Override
    public void onUpstreamInactive() {
        closeBoth();
    }

    @Override
    public void onUpstreamException(Throwable cause) {
        closeBoth();
    }

    void onClientInactive() {
        closeBoth();
    }

    private void closeBoth() {
        if (closed) {
            return;
        }
        closed = true;
        pool.discard(upstream);
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
