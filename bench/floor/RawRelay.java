import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/**
 * The floor of a Netty proxy: one event loop, each client connection relayed byte for byte to its own
 * origin connection, no HTTP parsing at all. What this costs per request on the proxy's core is what any
 * proxy built on Netty's epoll transport pays before it reads a single header.
 *
 *   java -cp target/doorman.jar bench/floor/RawRelay.java LISTEN_PORT ORIGIN_PORT
 */
public final class RawRelay {
    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int origin = Integer.parseInt(args[1]);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new Relay(origin));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", listen)).sync();
        System.out.println("raw relay 127.0.0.1:" + listen + " -> 127.0.0.1:" + origin);
        Thread.currentThread().join();
    }

    /** Client side: opens the origin connection on the client's loop, then relays both ways. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final int origin;
        private Channel upstream;

        Relay(int origin) {
            this.origin = origin;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new Pipe(client))
                    .connect(new InetSocketAddress("127.0.0.1", origin))
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            upstream = ((io.netty.channel.ChannelFuture) f).channel();
                            client.config().setAutoRead(true);
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            upstream.write(msg, upstream.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            upstream.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    /** Origin side: everything the origin sends goes to the client. */
    private static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel to;

        Pipe(Channel to) {
            this.to = to;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            to.write(msg, to.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            to.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            to.close();
        }
    }
}
