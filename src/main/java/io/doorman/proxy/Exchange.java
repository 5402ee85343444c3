package io.doorman.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request and its response. The {@link RequestForwarder} asks the request policy and sends the request to
 * PMS, the {@link ResponseRelay} brings the answer back; the exchange routes the request, holds the upstream
 * connection between them (retrying a reused one that died unanswered) and ends the exchange exactly once.
 * Everything runs on the client's event loop, which is also the upstream connection's.
 */
final class Exchange implements UpstreamListener.Requester {

    private final ClientConnection conn;
    private final ProxyContext px;
    private final ChannelHandlerContext cctx;
    private final HttpRequest request;
    private final String method;
    private final String target;
    private final long startNanos;
    private final InetAddress client;
    private final boolean local;
    private final RequestFraming framing;
    private RequestHead head;
    private PlexClientId plexClient;
    private Object attachment;

    private final RequestForwarder requestSide;
    private final ResponseRelay responseSide;
    private final ResponseWriter writer;

    /** Null when no route takes this request's {@code Host}: it is answered 404 and reaches no PMS. */
    private final Route route;
    private final UpstreamPool.LoopPool pool;
    private Channel upstream;
    private boolean upstreamReused;
    private boolean retried;
    private boolean upstreamClose;
    private Throwable upstreamFailure;
    private boolean timedOut;
    private boolean finished;

    Exchange(ClientConnection conn, HttpRequest request) {
        this.conn = conn;
        this.px = conn.px;
        this.cctx = conn.ctx;
        this.request = request;
        this.startNanos = conn.clock.now();
        this.method = request.method().name();
        this.target = request.uri();
        HttpHeaders h = request.headers();
        Routing.Snapshot routes = px.routing.current();
        this.route = routes.table().find(h.get(HttpHeaderNames.HOST));
        this.pool = route == null ? null : routes.poolOf(route).forLoop(conn.ctx.channel().eventLoop());
        this.client = conn.peerTrusted ? px.resolver.resolve(conn.peerAddress, true, h) : conn.peerAddress;
        this.local = conn.isLocal(client);
        this.framing = RequestFraming.of(request);
        this.writer = new ResponseWriter(this, cctx, framing.head(), framing.http11(), framing.keepAlive());
        this.requestSide = new RequestForwarder(this, conn, request, framing);
        this.responseSide = new ResponseRelay(this, px, writer, framing.webSocketUpgrade());
        px.metrics.activeRequests.incrementAndGet();
    }

    void start() {
        if (request.method().equals(HttpMethod.CONNECT) || request.method().equals(HttpMethod.TRACE)) {
            // Not for a reverse proxy in front of PMS: CONNECT would turn it into a tunnel, and TRACE would
            // echo the forwarded request, owner token included, back to the client.
            respondLocal(LocalResponses.text(cctx.alloc(), 501, method + " is not supported", bodyPending()),
                    "method not supported");
            return;
        }
        if (route == null) {
            respondLocal(LocalResponses.text(cctx.alloc(), 404, "no site by this host name here", bodyPending()),
                    "unknown host");
            return;
        }
        if (framing.webSocketUpgrade() != null && !route.webSockets()) {
            respondLocal(LocalResponses.text(cctx.alloc(), 403, "WebSocket upgrades are off for this host",
                    bodyPending()), "websockets off");
            return;
        }
        if (px.recordsSightings) {
            // Before forwarding: a policy may rewrite the target and headers in place.
            plexClient = PlexClientId.find(request.headers(), target);
        }
        if (px.passThrough) {
            forward(RequestDecision.FORWARD);
            return;
        }
        head = new RequestHead(method, target, headerList(request.headers()), conn.peer, client, local,
                conn.peerTrusted, route);
        requestSide.consult(head);
    }

    static List<Header> headerList(HttpHeaders h) {
        List<Header> out = new ArrayList<>(h.size());
        for (Map.Entry<String, String> e : h) {
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }

    RequestHead head() {
        return head;
    }

    Object attachment() {
        return attachment;
    }

    boolean finished() {
        return finished;
    }

    Channel upstream() {
        return upstream;
    }

    boolean draining() {
        return px.draining;
    }

    // ---- the request policy's answers ----

    void forward(RequestDecision.Forward f) {
        attachment = f.attachment();
        UpstreamRequests.prepare(request, conn.peerText, conn.peerTrusted, conn.addressText(client),
                framing.webSocketUpgrade(), framing.expectContinue(), f, route);
        // Waiting for a free connection counts against the response timeout; sending the body does not.
        conn.responseTimer.arm(px.responseTimeoutNanos);
        pool.acquire(this);
    }

    void respond(RequestDecision.Respond r) {
        attachment = r.attachment();
        respondLocal(LocalResponses.of(cctx.alloc(), r, bodyPending()), null);
    }

    void policyFailed(Throwable e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).warn("request policy failed: {}", e.toString());
        respondLocal(LocalResponses.text(cctx.alloc(), 500, "internal error", bodyPending()), "policy failed");
    }

    // ---- the upstream connection ----

    @Override
    public void connected(Channel ch, boolean reused) {
        if (finished) {
            pool.release(ch);
            return;
        }
        upstream = ch;
        upstreamReused = reused;
        conn.responseTimer.disarm();
        requestSide.sendTo(ch);
    }

    @Override
    public void connectFailed(Throwable cause) {
        if (finished) {
            return;
        }
        fail(502, "upstream " + route.upstream() + " unreachable: " + FailureReasons.of(cause));
    }

    /** The whole request is with PMS: from here the response timeout runs until its head arrives. */
    void requestSent() {
        if (!responseSide.headSeen()) {
            conn.responseTimer.arm(px.responseTimeoutNanos);
        }
    }

    /** PMS's final head arrived: the response timeout is over. */
    void responseStarted() {
        conn.responseTimer.disarm();
    }

    /** The upstream connection must not serve another request once this one ends. */
    void discardUpstreamAfter() {
        upstreamClose = true;
    }

    void onClientContent(HttpContent c) {
        requestSide.onClientContent(c);
    }

    @Override
    public void onUpstreamMessage(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        responseSide.onMessage(msg);
    }

    /** The 101 was relayed: hand both connections to a byte tunnel. */
    void becomeTunnel() {
        Channel up = upstream;
        upstream = null;
        WebSocketTunnel t = new WebSocketTunnel(cctx.channel(), up, pool);
        px.metrics.webSocket();
        conn.becomeTunnel(t);
        up.pipeline().get(UpstreamHandler.class).owner(t);
        up.pipeline().remove(UpstreamPool.ENCODER);
        up.pipeline().remove(UpstreamPool.CODEC);
        complete(101, null, false, null);
        t.start();
    }

    @Override
    public void onUpstreamReadComplete() {
        if (finished || upstream == null) {
            return;
        }
        responseSide.onReadComplete(upstream);
    }

    void onClientWritable() {
        if (upstream != null) {
            responseSide.onClientWritable(upstream);
        }
    }

    @Override
    public void onUpstreamWritable() {
        requestSide.onUpstreamWritable();
    }

    @Override
    public void onUpstreamException(Throwable cause) {
        upstreamFailure = cause;
    }

    @Override
    public void onUpstreamInactive() {
        if (finished) {
            return;
        }
        Channel dead = upstream;
        upstream = null;
        if (dead != null) {
            pool.discard(dead);
        }
        if (responseSide.headSeen() || writer.started()) {
            abort("upstream closed mid-response");
            return;
        }
        if (canRetry()) {
            retried = true;
            conn.responseTimer.disarm();
            px.metrics.upstreamRetry();
            requestSide.prepareRetry();
            pool.connectNew(this);
            return;
        }
        fail(502, "upstream closed the connection before answering"
                + (upstreamFailure != null ? ": " + FailureReasons.of(upstreamFailure) : ""));
    }

    private boolean canRetry() {
        return upstreamReused && !retried && !timedOut && framing.idempotent() && !framing.hasBody()
                && requestSide.complete() && framing.webSocketUpgrade() == null;
    }

    void onResponseTimeout() {
        if (finished || responseSide.headSeen()) {
            return;
        }
        timedOut = true;
        px.metrics.upstreamTimeout();
        fail(504, "upstream did not answer within " + io.doorman.config.GoDuration.format(px.settings.responseTimeout()));
    }

    void onClientClosed() {
        if (!finished) {
            finish(writer.status(), "client closed the connection", false, null, true);
        }
    }

    // ---- endings ----

    void fail(int status, String reason) {
        if (status == 502) {
            px.metrics.upstreamFailure();
        }
        if (writer.started()) {
            abort(reason);
            return;
        }
        respondLocal(LocalResponses.text(cctx.alloc(), status, reason, bodyPending()), reason);
    }

    private boolean bodyPending() {
        return requestSide.bodyPending();
    }

    private void respondLocal(FullHttpResponse r, String error) {
        boolean close = bodyPending() || !framing.keepAlive() || px.draining;
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!framing.http11()) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        int status = r.status().code();
        long len = r.content().readableBytes();
        ChannelFuture f = cctx.writeAndFlush(r);
        writer.localSent(status, len);
        upstreamClose = true;
        complete(status, error, close, f);
    }

    /** Cuts the client off mid-response: the truncation is the only signal HTTP/1.1 leaves. */
    void abort(String reason) {
        upstreamClose = true;
        finish(writer.status(), reason, false, null, true);
        cctx.close();
    }

    /** The response is fully written ({@code lastWrite}); {@code close} when the connection must not be reused. */
    void complete(int status, String error, boolean close, ChannelFuture lastWrite) {
        finish(status, error, close || bodyPending(), lastWrite, false);
    }

    private void finish(int status, String error, boolean close, ChannelFuture lastWrite, boolean clientGone) {
        if (finished) {
            return;
        }
        finished = true;
        conn.responseTimer.disarm();
        requestSide.release();
        writer.release();
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            if (!upstreamClose && !clientGone && requestSide.sent() && error == null && writer.completed()) {
                pool.release(up);
            } else {
                pool.discard(up);
            }
        }
        px.recordExchange(head, attachment, conn.clock.now() - startNanos, client, local, method,
                target, status, writer.bytesOut(), requestSide.bytesIn(), error, plexClient);
        if (!clientGone) {
            conn.exchangeDone(close, lastWrite);
        }
    }
}
