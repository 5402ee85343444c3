import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.InetSocketAddress;

/**
 * The floor of a Netty proxy: one event loop, each client connection relayed byte for byte to its own
 * origin connection, no HTTP parsing at all. What this costs per request on the proxy's core is what any
 * proxy built on that Netty transport (epoll or io_uring) pays before it reads a single header.
 *
 *   java -cp target/doorman.jar bench/floor/RawRelay.java LISTEN_PORT ORIGIN_PORT [epoll|io_uring]
 */
public final class RawRelay {
    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int origin = Integer.parseInt(args[1]);
        boolean uring = args.length > 2 && args[2].equals("io_uring");
        IoHandlerFactory io = uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory();
        Class<? extends ServerChannel> server = uring ? IoUringServerSocketChannel.class : EpollServerSocketChannel.class;
        Class<? extends Channel> socket = uring ? IoUringSocketChannel.class : EpollSocketChannel.class;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, io);
        new ServerBootstrap().group(loop).channel(server)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new Relay(origin, socket));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", listen)).sync();
        System.out.println("raw relay (" + (uring ? "io_uring" : "epoll") + ") 127.0.0.1:" + listen + " -> 127.0.0.1:" + origin);
        Thread.currentThread().join();
    }

    /** One direction: everything read from this channel is written to {@code to}, flushed per read burst. */
    private static class Pipe extends ChannelInboundHandlerAdapter {
        Channel to;

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
            if (to != null) {
                to.close();
            }
        }
    }

    /** Client side: opens the origin connection on the client's loop, then pipes to it (reads wait until then). */
    private static final class Relay extends Pipe {
        private final int origin;
        private final Class<? extends Channel> socket;

        Relay(int origin, Class<? extends Channel> socket) {
            super(null);
            this.origin = origin;
            this.socket = socket;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(socket)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new Pipe(client))
                    .connect(new InetSocketAddress("127.0.0.1", origin))
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            to = ((io.netty.channel.ChannelFuture) f).channel();
                            client.config().setAutoRead(true);
                        } else {
                            client.close();
                        }
                    });
        }
    }
}
