package io.doorman.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** The last handler of an upstream connection: forwards its events to the current owner, if any. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final UpstreamPool.LoopPool pool;
    private UpstreamListener owner;
    private Throwable failure;
    private long idleSince;

    UpstreamHandler(UpstreamPool.LoopPool pool) {
        this.pool = pool;
    }

    void owner(UpstreamListener l) {
        owner = l;
    }

    /** When the pool last took this connection back ({@link System#nanoTime()}): the idle sweep's clock. */
    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    /** The last exception seen on this connection, for the 502 reason. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = owner;
        if (l != null) {
            l.onUpstreamMessage(msg);
        } else {
            // PMS sent something on an idle connection: it is no longer in a state we can trust.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener l = owner;
        if (l != null) {
            l.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener l = owner;
        if (l != null && ctx.channel().isWritable()) {
            l.onUpstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener l = owner;
        owner = null;
        if (l != null) {
            l.onUpstreamInactive();
        } else {
            pool.forget(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        UpstreamListener l = owner;
        if (l != null) {
            l.onUpstreamException(cause);
        }
        ctx.close();
    }
}
