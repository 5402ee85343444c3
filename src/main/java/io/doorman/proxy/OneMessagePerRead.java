package io.doorman.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Delivers decoded HTTP messages one per {@code read()} demand. One socket read can decode into several
 * messages (a pipelined request, a head with its first body bytes); the proxy wants exactly one at a time,
 * so the rest wait here until asked for. Re-entrant demands (asking for the next message while handling
 * one) are served by the outer loop, so the stack never grows with the queue.
 */
final class OneMessagePerRead extends ChannelDuplexHandler {

    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
    private boolean demand;
    private boolean delivering;

    @Override
    public void read(ChannelHandlerContext ctx) {
        demand = true;
        if (!delivering) {
            drain(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        queue.add(msg);
        if (demand && !delivering) {
            drain(ctx);
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        delivering = true;
        try {
            Object next;
            while (demand && (next = queue.poll()) != null) {
                demand = false;
                ctx.fireChannelRead(next);
            }
        } finally {
            delivering = false;
        }
        if (demand) {
            ctx.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueued();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueued();
    }

    private void releaseQueued() {
        Object m;
        while ((m = queue.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
