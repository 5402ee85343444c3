package io.doorman.proxy;

import io.doorman.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The reverse proxy: accepts clients on {@code settings.listen()} and relays each request to its route's upstream
 * ({@code settings.upstream()} when there are no hosts).
 */
public final class ProxyServer implements AutoCloseable {

    static {
        // Netty tracks one buffer in 128 for leaks by default, taking a stack trace each time: a cost on the
        // request path of every proxy for a check that only matters while hunting a leak. Setting
        // -Dio.netty.leakDetection.level (the test suite does) keeps Netty's own choice.
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private final Settings settings;
    private final RouteTable initialRoutes;
    private final ProxyHooks hooks;
    private final MeterRegistry meters;
    private final Transport transport = Transport.best();
    private EventLoopGroup acceptor;
    private EventLoopGroup group;
    private Channel serverChannel;
    private ChannelGroup clients;
    private Routing routing;
    private AccessLog accessLog;
    private ProxyContext px;
    private volatile boolean stopped;

    /** A proxy with one route: every request to {@code settings.upstream()}, forwarded headers appended to. */
    public ProxyServer(Settings settings, ProxyHooks hooks, MeterRegistry meters) {
        this(settings, RouteTable.single(defaultRoute(settings)), hooks, meters);
    }

    public ProxyServer(Settings settings, RouteTable routes, ProxyHooks hooks, MeterRegistry meters) {
        this.settings = settings;
        this.initialRoutes = routes;
        this.hooks = hooks;
        this.meters = meters;
    }

    /** The route of a proxy without hosts: {@code --upstream}, with the Go tool's forwarding. */
    public static Route defaultRoute(Settings settings) {
        return new Route("default", settings.upstream(), settings.upstreamInsecure(), Route.Forwarding.APPEND, true,
                null);
    }

    /** Binds the listener; returns once it accepts connections. */
    public synchronized ProxyServer start() throws StartupException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        ProxyMetrics metrics = new ProxyMetrics(meters);
        int threads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        // Accepting on its own thread: an I/O thread busy with hundreds of connections gets to its listener
        // only now and then, and a burst of new clients (1,000 at once) would then wait seconds in the
        // kernel's accept queue.
        acceptor = transport.newGroup(1, "doorman-accept");
        group = transport.newGroup(threads, "doorman-io");
        clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
        try {
            routing = new Routing(initialRoutes, route -> new UpstreamPool(settings, route, transport, upstreamTls(route),
                    metrics));
        } catch (IllegalArgumentException e) {
            shutdownQuietly();
            throw new StartupException(e.getMessage(), e);
        }
        accessLog = new AccessLog(hooks.redactor(), metrics);
        px = new ProxyContext(settings, hooks, routing, metrics, accessLog);
        ServerBootstrap b = new ServerBootstrap().group(acceptor, group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 8 * 1024, 256 * 1024))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (stopped) {
                            ch.close();
                            return;
                        }
                        clients.add(ch);
                        MessageEncoder encoder = new MessageEncoder();
                        ReadClock clock = ReadClock.current(); // initChannel runs on the channel's loop
                        ClientConnection conn = new ClientConnection(px, encoder, clock);
                        ch.pipeline().addLast(ClientConnection.CODEC,
                                new ClientRequestDecoder(settings.maxUriBytes(), settings.maxHeaderBytes(), conn::onBytes, clock));
                        ch.pipeline().addLast(ClientConnection.ENCODER, encoder);
                        ch.pipeline().addLast(ClientConnection.FLOW, new OneMessagePerRead());
                        ch.pipeline().addLast("proxy", conn);
                    }
                });
        InetSocketAddress addr = settings.listen().toSocketAddress();
        if (addr.isUnresolved()) {
            shutdownQuietly();
            throw new StartupException("cannot listen on " + settings.listen() + ": unknown host", null);
        }
        try {
            serverChannel = b.bind(addr).sync().channel();
        } catch (Exception e) {
            shutdownQuietly();
            String why = e instanceof BindException || String.valueOf(e.getMessage()).contains("in use")
                    ? "address already in use" : FailureReasons.of(e);
            throw new StartupException("cannot listen on " + settings.listen() + ": " + why, e);
        }
        return this;
    }

    /** The TLS client context for an https route, or null; a bad CA is an {@link IllegalArgumentException}. */
    private SslContext upstreamTls(Route route) {
        if (!"https".equalsIgnoreCase(route.upstream().getScheme())) {
            return null;
        }
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (route.upstreamInsecure()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (settings.upstreamCa() != null) {
                b.trustManager(settings.upstreamCa().toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use upstream CA " + settings.upstreamCa() + ": "
                    + FailureReasons.of(e), e);
        }
    }

    /**
     * Routes requests by {@code table} from now on. Requests already on their way finish on the old routes;
     * connections are not dropped.
     *
     * @throws IllegalArgumentException when a route's TLS cannot be set up (the old table stays)
     */
    public void replaceRoutes(RouteTable table) {
        if (routing == null) {
            throw new IllegalStateException("not started");
        }
        routing.replace(table);
    }

    /** The routes in use. */
    public RouteTable routes() {
        return routing == null ? initialRoutes : routing.current().table();
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The transport in use ({@code io_uring}, {@code epoll} or {@code nio}). */
    public String transportName() {
        return transport.name();
    }

    /** Whether the proxy is accepting connections. */
    public boolean isAccepting() {
        return serverChannel != null && serverChannel.isActive() && !stopped;
    }

    /**
     * Checks that every route's PMS accepts a TCP connection within the connect timeout, off the caller's thread.
     * Completes with null when it does, else with a short reason.
     */
    public CompletableFuture<String> checkUpstream() {
        List<Route> routes = routes().routes();
        return CompletableFuture.supplyAsync(() -> {
            for (Route r : routes) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(r.upstream().getHost(), UpstreamPool.port(r.upstream())),
                            (int) settings.connectTimeout().toMillis());
                } catch (IOException e) {
                    return "upstream " + r.upstream() + " unreachable: " + FailureReasons.of(e);
                }
            }
            return null;
        });
    }

    /** Stops accepting, lets in-flight requests finish for up to {@code drain}, then closes everything. */
    public synchronized void shutdown(Duration drain) {
        if (stopped || serverChannel == null) {
            stopped = true;
            return;
        }
        stopped = true;
        px.draining = true;
        serverChannel.close().syncUninterruptibly();
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> {
                ClientConnection c = ch.pipeline().get(ClientConnection.class);
                if (c != null && c.ctx != null) {
                    c.startDrain();
                } else {
                    ch.close();
                }
            });
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        routing.close();
        shutdownQuietly();
    }

    private void shutdownQuietly() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (accessLog != null) {
            accessLog.close();
        }
    }

    @Override
    public void close() {
        shutdown(settings.drainTimeout());
    }
}
