package io.doorman.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told by the connection's {@link MessageEncoder} which request the next response
 * answers: the answer to a {@code HEAD} carries no body, whatever its {@code Content-Length} says. One request
 * is in flight per upstream connection, so one flag is the whole bookkeeping. It holds the loop's
 * {@link ReadClock} on each read while the decoded answer is relayed.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    private final ReadClock clock;
    private boolean headPending;

    UpstreamResponseDecoder(HttpDecoderConfig config, ReadClock clock) {
        super(config);
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        clock.enter();
        try {
            super.channelRead(ctx, msg);
        } finally {
            clock.exit();
        }
    }

    void requestSent(HttpMethod method) {
        headPending = HttpMethod.HEAD.equals(method);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        int code = ((HttpResponse) msg).status().code();
        if (code >= 100 && code < 200) {
            return super.isContentAlwaysEmpty(msg); // an interim answer: the final one is still to come
        }
        if (headPending) {
            headPending = false;
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
