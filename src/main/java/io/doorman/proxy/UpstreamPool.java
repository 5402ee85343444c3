package io.doorman.proxy;

import io.doorman.config.Settings;
import io.doorman.proxy.UpstreamListener.Requester;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Keep-alive connections to PMS, one pool per I/O thread: a client and its upstream connection always share
 * an event loop, so relaying never crosses threads and the pool needs no locks. Connections auto-read, so an
 * idle one that PMS closes leaves the pool at once instead of failing the next request.
 *
 * <p>Each pool opens at most {@code maxUpstreamPerLoop} connections. Beyond that, requests wait in arrival
 * order and a finished request hands its connection straight to the next one: a burst of a thousand clients
 * becomes a queue in Doorman rather than a thousand simultaneous connects piling up in PMS's accept queue.
 */
final class UpstreamPool implements AutoCloseable {

    static final String CODEC = "http";
    static final String ENCODER = "http-encoder";

    private final Settings settings;
    private final Route route;
    private final Transport transport;
    private final SslContext ssl;
    private final ProxyMetrics metrics;
    private final String host;
    private final int port;
    private final List<LoopPool> all = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<LoopPool> local = new FastThreadLocal<>();
    private volatile boolean closed;
    /** Replaced by a reload: finishes what it has, keeps no connection idle. */
    private volatile boolean retired;

    /** Connections to {@code route}'s upstream; {@code ssl} is null for an http one. */
    UpstreamPool(Settings settings, Route route, Transport transport, SslContext ssl, ProxyMetrics metrics) {
        this.settings = settings;
        this.route = route;
        this.transport = transport;
        this.ssl = ssl;
        this.metrics = metrics;
        this.host = route.upstream().getHost();
        this.port = port(route.upstream());
    }

    /** The upstream's port, the scheme's default when the URL names none. */
    static int port(java.net.URI upstream) {
        int p = upstream.getPort();
        return p > 0 ? p : ("https".equalsIgnoreCase(upstream.getScheme()) ? 443 : 80);
    }

    /** The pool of {@code loop}; must be called on that loop's thread. */
    LoopPool forLoop(EventLoop loop) {
        LoopPool p = local.getIfExists();
        if (p == null) {
            p = new LoopPool(loop);
            local.set(p);
            all.add(p);
        }
        return p;
    }

    @Override
    public void close() {
        closed = true;
        for (LoopPool p : all) {
            p.loop.execute(p::closeAll);
        }
    }

    /**
     * No longer chosen for new requests (a reload replaced its route): requests that already chose it, waiting
     * ones included, finish; then no connection stays idle and the pool's timer stops.
     */
    void retire() {
        retired = true;
        for (LoopPool p : all) {
            p.loop.execute(p::closeIdle);
        }
    }

    /** One I/O thread's idle connections; confined to that thread. */
    final class LoopPool {
        private final EventLoop loop;
        private final ReadClock clock = ReadClock.current(); // made on its loop's thread, see forLoop
        private final ArrayDeque<Channel> idle = new ArrayDeque<>();
        private final ArrayDeque<Requester> waiters = new ArrayDeque<>();
        private int open; // connecting + busy + idle
        private final Bootstrap bootstrap;
        private final java.util.concurrent.ScheduledFuture<?> sweeper;

        LoopPool(EventLoop loop) {
            this.loop = loop;
            LoopPool self = this;
            this.bootstrap = new Bootstrap().group(loop).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(1024, 16 * 1024, 256 * 1024))
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast("tls", newSslHandler(ch.alloc()));
                            }
                            UpstreamResponseDecoder decoder = new UpstreamResponseDecoder(
                                    16 * 1024 + Math.max(settings.maxHeaderBytes(), 64 * 1024), clock);
                            ch.pipeline().addLast(CODEC, decoder);
                            ch.pipeline().addLast(ENCODER, new MessageEncoder(decoder));
                            ch.pipeline().addLast("upstream", new UpstreamHandler(self));
                        }
                    });
            long sweep = Math.max(1000, Math.min(5000, settings.upstreamIdleTimeout().toMillis() / 2));
            sweeper = loop.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        }

        private SslHandler newSslHandler(ByteBufAllocator alloc) {
            SslHandler h = ssl.newHandler(alloc, host, port);
            if (!route.upstreamInsecure()) {
                SSLEngine engine = h.engine();
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(params);
            }
            h.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
            return h;
        }

        /**
         * Hands {@code owner} a connection: the most recently used idle one (reused), else a new one; or tells
         * it the connection failed.
         */
        void acquire(Requester owner) {
            Channel ch;
            while ((ch = idle.pollFirst()) != null) {
                metrics.upstreamIdle.decrementAndGet();
                if (ch.isActive()) {
                    handler(ch).owner(owner);
                    metrics.upstreamBusy.incrementAndGet();
                    owner.connected(ch, true);
                    return;
                }
                ch.close();
            }
            if (open < settings.maxUpstreamPerLoop()) {
                connectNew(owner);
            } else {
                waiters.addLast(owner);
                metrics.upstreamWaiting.incrementAndGet();
            }
        }

        /** A new connection, never a pooled one (the retry after a stale connection uses this). */
        void connectNew(Requester owner) {
            metrics.upstreamConnect();
            open++;
            ChannelFuture f = bootstrap.connect(InetSocketAddress.createUnresolved(host, port));
            Channel nc = f.channel();
            nc.closeFuture().addListener(c -> closed());
            handler(nc).owner(owner);
            f.addListener(done -> {
                if (done.isSuccess()) {
                    metrics.upstreamBusy.incrementAndGet();
                    owner.connected(nc, false);
                } else {
                    handler(nc).owner(null);
                    owner.connectFailed(done.cause());
                }
                // A connection that never opened frees its slot when its channel closes (see closed()).
            });
        }

        /** Returns a connection whose exchange finished cleanly. */
        void release(Channel ch) {
            metrics.upstreamBusy.decrementAndGet();
            handler(ch).owner(null);
            if (closed || !ch.isActive()) {
                ch.close();
                return;
            }
            Requester next = waiters.pollFirst();
            if (next != null) {
                metrics.upstreamWaiting.decrementAndGet();
                handler(ch).owner(next);
                metrics.upstreamBusy.incrementAndGet();
                next.connected(ch, true);
                return;
            }
            if (retired) {
                ch.close();
                return;
            }
            handler(ch).idleSince(clock.now());
            idle.addFirst(ch);
            metrics.upstreamIdle.incrementAndGet();
            if (!ch.config().isAutoRead()) {
                ch.config().setAutoRead(true);
            }
        }

        /** Drops a connection that will not be reused (it broke, or its exchange ended abnormally). */
        void discard(Channel ch) {
            metrics.upstreamBusy.decrementAndGet();
            handler(ch).owner(null);
            ch.close();
        }

        /** An idle connection closed by PMS. */
        void forget(Channel ch) {
            if (idle.removeFirstOccurrence(ch)) {
                metrics.upstreamIdle.decrementAndGet();
            }
        }

        /** A connection of this pool closed, for whatever reason: its slot goes to the next waiter. */
        private void closed() {
            open--;
            if (!waiters.isEmpty() && open < settings.maxUpstreamPerLoop() && !UpstreamPool.this.closed) {
                Requester next = waiters.pollFirst();
                metrics.upstreamWaiting.decrementAndGet();
                connectNew(next);
            }
        }

        private void sweep() {
            if (retired && open == 0 && waiters.isEmpty()) {
                sweeper.cancel(false);
                return;
            }
            long limit = settings.upstreamIdleTimeout().toNanos();
            long now = System.nanoTime();
            while (!idle.isEmpty() && now - handler(idle.peekLast()).idleSince() > limit) {
                Channel ch = idle.pollLast();
                metrics.upstreamIdle.decrementAndGet();
                handler(ch).owner(null);
                ch.close();
            }
        }

        private void closeIdle() {
            Channel ch;
            while ((ch = idle.pollFirst()) != null) {
                metrics.upstreamIdle.decrementAndGet();
                handler(ch).owner(null);
                ch.close();
            }
        }

        private void closeAll() {
            sweeper.cancel(false);
            Requester w;
            while ((w = waiters.pollFirst()) != null) {
                metrics.upstreamWaiting.decrementAndGet();
                w.connectFailed(new java.io.IOException("shutting down"));
            }
            closeIdle();
        }

        private UpstreamHandler handler(Channel ch) {
            // Always the last handler: reached in one step, where a lookup by name walks the pipeline.
            return (UpstreamHandler) ch.pipeline().lastContext().handler();
        }
    }
}
