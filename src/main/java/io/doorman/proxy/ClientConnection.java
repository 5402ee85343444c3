package io.doorman.proxy;

import io.doorman.config.Cidr;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One client connection: reads one request at a time (the client channel never auto-reads), hands it to an
 * {@link Exchange}, and between requests enforces the idle and request-head timeouts.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    static final String CODEC = "http";
    static final String ENCODER = "http-encoder";
    static final String FLOW = "flow";

    final ProxyContext px;
    private final MessageEncoder encoder;
    final ReadClock clock;
    ChannelHandlerContext ctx;
    InetSocketAddress peer;
    InetAddress peerAddress;
    /** The peer's address as the forwarded headers write it, formatted once per connection. */
    String peerText;
    boolean peerTrusted;
    boolean peerLocal;
    Deadline responseTimer;
    // One Deadline per fixed duration: re-arming then always moves a deadline later, so each keeps at
    // most one scheduled task however many requests the connection carries.
    private Deadline idleTimer;
    private Deadline headerTimer;
    private boolean waitingForHead = true;
    private boolean headStarted;
    private Exchange exchange;
    private WebSocketTunnel tunnel;

    ClientConnection(ProxyContext px, MessageEncoder encoder, ReadClock clock) {
        this.px = px;
        this.encoder = encoder;
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Channel ch = ctx.channel();
        peer = (InetSocketAddress) ch.remoteAddress();
        peerAddress = peer.getAddress();
        peerText = NetUtil.toAddressString(peerAddress);
        peerTrusted = px.resolver.isTrusted(peerAddress);
        peerLocal = Cidr.anyContains(px.lan, peerAddress);
        idleTimer = new Deadline(ch.eventLoop(), clock, this::onHeadTimeout);
        headerTimer = new Deadline(ch.eventLoop(), clock, this::onHeadTimeout);
        responseTimer = new Deadline(ch.eventLoop(), clock, () -> {
            if (exchange != null) {
                exchange.onResponseTimeout();
            }
        });
        px.metrics.activeConnections.incrementAndGet();
        idleTimer.arm(px.idleTimeoutNanos);
        ctx.read();
    }

    /** Raw bytes arrived (seen by the decoder before it parses them): a new request head may have started. */
    void onBytes() {
        if (waitingForHead && !headStarted) {
            headStarted = true;
            idleTimer.disarm();
            headerTimer.arm(px.headerTimeoutNanos);
        }
    }

    private void onHeadTimeout() {
        // Idle keep-alive connections and clients dribbling a request head are both simply cut off.
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel != null) {
            tunnel.onClientMessage(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            if (exchange != null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            waitingForHead = false;
            headStarted = false;
            encoder.answering(HttpMethod.HEAD.equals(req.method()));
            idleTimer.disarm();
            headerTimer.disarm();
            DecoderResult r = req.decoderResult();
            if (r.isFailure()) {
                ReferenceCountUtil.release(msg);
                rejectMalformed(r.cause());
                return;
            }
            exchange = new Exchange(this, req);
            exchange.start();
        } else if (msg instanceof HttpContent c) {
            if (exchange != null) {
                exchange.onClientContent(c);
            } else {
                // The end marker of a bodyless request answered before it was read: skip it.
                boolean bad = c.decoderResult().isFailure();
                c.release();
                if (bad) {
                    ctx.close();
                } else {
                    ctx.read();
                }
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void rejectMalformed(Throwable cause) {
        int status;
        String text;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            text = "request URI too long (limit " + px.settings.maxUriBytes() + " bytes)";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            text = "request headers too large (limit " + px.settings.maxHeaderBytes() + " bytes)";
        } else {
            status = 400;
            text = "malformed request";
        }
        px.metrics.recordExchange(status, 0, 0, 0);
        ctx.writeAndFlush(LocalResponses.text(ctx.alloc(), status, text, true)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.onClientReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (tunnel != null) {
                tunnel.onClientWritable();
            } else if (exchange != null) {
                exchange.onClientWritable();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        px.metrics.activeConnections.decrementAndGet();
        idleTimer.disarm();
        headerTimer.disarm();
        responseTimer.disarm();
        if (tunnel != null) {
            tunnel.onClientInactive();
        }
        if (exchange != null) {
            exchange.onClientClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            org.slf4j.LoggerFactory.getLogger(ClientConnection.class).debug("client connection error", cause);
        }
        ctx.close();
    }

    void read() {
        ctx.read();
    }

    /** Whether {@code client} (the peer, or whom a trusted peer forwarded for) is on the LAN. */
    boolean isLocal(InetAddress client) {
        return client == peerAddress ? peerLocal : Cidr.anyContains(px.lan, client);
    }

    /** {@code client} as the forwarded headers write it; the peer's text is formatted once per connection. */
    String addressText(InetAddress client) {
        return client == peerAddress ? peerText : NetUtil.toAddressString(client);
    }

    /** The exchange is over; {@code lastWrite} is its final write, if any. */
    void exchangeDone(boolean close, ChannelFuture lastWrite) {
        exchange = null;
        if (tunnel != null) {
            return; // a WebSocket tunnel owns the connection now: no idle or head timer, no next request
        }
        if (close || px.draining) {
            if (lastWrite != null) {
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            return;
        }
        waitingForHead = true;
        headStarted = false;
        idleTimer.arm(px.idleTimeoutNanos);
        ctx.read();
    }

    /** Switches this connection to a raw byte relay after a WebSocket {@code 101}. */
    void becomeTunnel(WebSocketTunnel t) {
        this.tunnel = t;
        this.exchange = null;
        idleTimer.disarm();
        headerTimer.disarm();
        responseTimer.disarm();
        var p = ctx.pipeline();
        p.remove(FLOW);
        p.remove(ENCODER);
        p.remove(CODEC);
    }

    /** Graceful shutdown: idle connections and tunnels close now, busy ones after their response. */
    void startDrain() {
        if (tunnel != null || exchange == null) {
            ctx.close();
        }
    }
}
