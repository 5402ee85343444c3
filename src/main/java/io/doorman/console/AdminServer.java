package io.doorman.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.config.HostPort;
import io.doorman.guard.ClientSightings;
import io.doorman.proxy.ProxyServer;
import io.doorman.proxy.StartupException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener: {@code /healthz}, {@code /readyz}, Prometheus {@code /metrics}, and {@code /clients} (Doorman's
 * view of each Plex client, for {@code doorman doctor} on this machine: client addresses, so loopback peers only).
 */
public final class AdminServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The operations endpoints, open to whoever reaches the listener; everything else is the console's. */
    private static final java.util.Set<String> OPERATIONS = java.util.Set.of("/healthz", "/readyz", "/metrics",
            "/clients");

    private final HostPort listen;
    private final PrometheusMeterRegistry registry;
    private final ReadinessCheck readiness;
    private final ClientSightings sightings;
    private volatile ConsoleHttp console;
    private EventLoopGroup group;
    private Channel channel;

    public AdminServer(HostPort listen, PrometheusMeterRegistry registry, ProxyServer proxy) {
        this(listen, registry, proxy, null);
    }

    /** @param sightings what {@code /clients} shows, or null for none */
    public AdminServer(HostPort listen, PrometheusMeterRegistry registry, ProxyServer proxy, ClientSightings sightings) {
        this.listen = listen;
        this.registry = registry;
        this.readiness = new ReadinessCheck(proxy);
        this.sightings = sightings;
    }

    /** Serves the console (UI and {@code /api/}) beside the operations endpoints. */
    public AdminServer withConsole(ConsoleHttp console) {
        this.console = console;
        return this;
    }

    /** Binds the admin listener. */
    public AdminServer start() throws StartupException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("doorman-admin", true),
                NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new Handler());
                    }
                });
        try {
            channel = b.bind(listen.toSocketAddress()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String why = e instanceof BindException || String.valueOf(e.getMessage()).contains("in use")
                    ? "address already in use" : String.valueOf(e.getMessage());
            throw new StartupException("cannot listen on admin address " + listen + ": " + why, e);
        }
        return this;
    }

    public InetSocketAddress address() {
        if (channel == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            boolean head = req.method().equals(HttpMethod.HEAD);
            if (!req.decoderResult().isSuccess()) {
                send(ctx, 400, "text/plain; charset=utf-8", "malformed request\n", false, false);
                return;
            }
            String path = new QueryStringDecoder(req.uri()).path();
            if (console != null && !OPERATIONS.contains(path)) {
                console.handle(ctx, req);
                return;
            }
            if (!req.method().equals(HttpMethod.GET) && !head) {
                send(ctx, 405, "text/plain; charset=utf-8", "only GET and HEAD\n", keepAlive, false);
                return;
            }
            switch (path) {
                case "/healthz" -> send(ctx, 200, "text/plain; charset=utf-8", "ok\n", keepAlive, head);
                case "/metrics" -> send(ctx, 200, PROMETHEUS_TYPE, registry.scrape(), keepAlive, head);
                case "/clients" -> clients(ctx, keepAlive, head);
                case "/readyz" -> readiness.check().whenComplete((problem, err) -> ctx.executor().execute(() -> {
                    if (err == null && problem == null) {
                        send(ctx, 200, "text/plain; charset=utf-8", "ready\n", keepAlive, head);
                    } else {
                        String why = err != null ? "readiness check failed" : problem;
                        send(ctx, 503, "text/plain; charset=utf-8", "not ready: " + why + "\n", keepAlive, head);
                    }
                }));
                default -> send(ctx, 404, "text/plain; charset=utf-8",
                        "not found: try /healthz, /readyz, /metrics or /clients\n", keepAlive, head);
            }
        }

        private void clients(ChannelHandlerContext ctx, boolean keepAlive, boolean head) {
            if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer)
                    || !peer.getAddress().isLoopbackAddress()) {
                send(ctx, 403, "text/plain; charset=utf-8", "/clients answers this machine only\n", keepAlive, head);
                return;
            }
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray("clients");
            for (ClientSightings.Sighting c : sightings == null ? List.<ClientSightings.Sighting>of() : sightings.recent()) {
                ObjectNode n = list.addObject();
                n.put("clientIdentifier", c.clientIdentifier());
                n.put("address", c.address());
                n.put("lan", c.lan());
                n.put("lastSeen", c.lastSeen().toString());
                if (c.product() != null) {
                    n.put("product", c.product());
                }
            }
            send(ctx, 200, "application/json", root.toString(), keepAlive, head);
        }

        private void send(ChannelHandlerContext ctx, int status, String type, String body, boolean keepAlive,
                boolean head) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            if (!keepAlive) {
                r.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(r);
            }
        }
    }
}
