package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, which also sees each read's raw bytes first: it tells the connection that bytes
 * arrived (the request-head timer starts at a head's first byte) and holds the loop's {@link ReadClock} on
 * this read while the decoded request is handled.
 */
final class ClientRequestDecoder extends HttpRequestDecoder {

    private final ClientConnection conn;
    private final ReadClock clock;

    ClientRequestDecoder(HttpDecoderConfig config, ClientConnection conn, ReadClock clock) {
        super(config);
        this.conn = conn;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        clock.enter();
        try {
            if (msg instanceof ByteBuf) {
                conn.onBytes();
            }
            super.channelRead(ctx, msg);
        } finally {
            clock.exit();
        }
    }
}
