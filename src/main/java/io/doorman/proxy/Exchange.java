package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request and its response: asks the request policy, forwards the head, streams the body up with
 * backpressure, then streams (or, when the response policy asks, transforms) the response down. Everything
 * runs on the client's event loop, which is also the upstream connection's.
 */
final class Exchange implements UpstreamListener.Requester {

    private final ClientConnection conn;
    private final ProxyContext px;
    private final ChannelHandlerContext cctx;
    private final HttpRequest request;
    private final String method;
    private final String target;
    private final long startNanos = System.nanoTime();
    private final InetAddress client;
    private final boolean local;
    private final RequestFraming framing;
    private RequestHead head;
    private PlexClientId plexClient;
    private Object attachment;

    // request side
    private final RequestBodyBuffer heldBody = new RequestBodyBuffer();
    private boolean continueSent;
    private boolean requestComplete;
    private boolean requestSent;
    private boolean waitUpstreamWritable;
    private long bytesIn;

    // upstream side
    /** Null when no route takes this request's {@code Host}: it is answered 404 and reaches no PMS. */
    private final Route route;
    private final UpstreamPool.LoopPool pool;
    private Channel upstream;
    private boolean upstreamReused;
    private boolean retried;
    private boolean upstreamClose;
    private Throwable upstreamFailure;
    private boolean timedOut;

    // response side
    private final ResponseWriter writer;
    private boolean skipInformational;
    private boolean responseHeadSeen;
    private boolean finished;

    Exchange(ClientConnection conn, HttpRequest request) {
        this.conn = conn;
        this.px = conn.px;
        this.cctx = conn.ctx;
        this.request = request;
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
        ask(null);
    }

    static List<Header> headerList(HttpHeaders h) {
        List<Header> out = new ArrayList<>(h.size());
        for (Map.Entry<String, String> e : h) {
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }

    // ---- request policy ----

    private void ask(RequestBody body) {
        CompletionStage<RequestDecision> stage;
        try {
            stage = px.hooks.requestPolicy().decide(head, body);
        } catch (RuntimeException e) {
            policyFailed(e);
            return;
        }
        if (stage instanceof CompletableFuture<RequestDecision> cf && cf.isDone()) {
            RequestDecision d;
            try {
                d = cf.join();
            } catch (RuntimeException e) {
                policyFailed(e);
                return;
            }
            decided(d, body);
        } else {
            stage.whenComplete((d, err) -> cctx.channel().eventLoop().execute(() -> {
                if (finished) {
                    return;
                }
                if (err != null) {
                    policyFailed(err);
                } else {
                    decided(d, body);
                }
            }));
        }
    }

    private void policyFailed(Throwable e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).warn("request policy failed: {}", e.toString());
        respondLocal(LocalResponses.text(cctx.alloc(), 500, "internal error", bodyPending()), "policy failed");
    }

    private void decided(RequestDecision d, RequestBody body) {
        if (d == null) {
            d = RequestDecision.FORWARD;
        }
        switch (d) {
            case RequestDecision.Respond r -> {
                attachment = r.attachment();
                respondLocal(LocalResponses.of(cctx.alloc(), r, bodyPending()), null);
            }
            case RequestDecision.NeedBody nb when body == null -> {
                if (!framing.hasBody()) {
                    ask(RequestBody.EMPTY);
                } else {
                    heldBody.collect(nb.maxBytes());
                    readClientBody();
                }
            }
            case RequestDecision.NeedBody nb -> forward(RequestDecision.FORWARD);
            case RequestDecision.Forward f -> forward(f);
        }
    }

    private void readClientBody() {
        if (framing.expectContinue() && !continueSent) {
            continueSent = true;
            cctx.pipeline().context(ClientConnection.CODEC).writeAndFlush(LocalResponses.CONTINUE.duplicate());
        }
        conn.read();
    }

    private void finishCollecting() {
        ask(heldBody.snapshot(requestComplete));
    }

    // ---- forwarding ----

    private void forward(RequestDecision d) {
        RequestDecision.Forward f = (RequestDecision.Forward) d;
        attachment = f.attachment();
        UpstreamRequests.prepare(request, conn.peerText, conn.peerTrusted, conn.addressText(client),
                framing.webSocketUpgrade(), framing.expectContinue(), f, route);
        // Waiting for a free connection counts against the response timeout; sending the body does not.
        conn.responseTimer.arm(px.responseTimeoutNanos);
        pool.acquire(this);
    }

    @Override
    public void connected(Channel ch, boolean reused) {
        if (finished) {
            pool.release(ch);
            return;
        }
        upstream = ch;
        upstreamReused = reused;
        conn.responseTimer.disarm();
        ch.write(request, ch.voidPromise());
        heldBody.writeTo(ch);
        if (requestComplete) {
            requestFullySent();
        } else {
            ch.flush();
            if (ch.isWritable()) {
                readClientBody();
            } else {
                waitUpstreamWritable = true;
            }
        }
    }

    @Override
    public void connectFailed(Throwable cause) {
        if (finished) {
            return;
        }
        fail(502, "upstream " + route.upstream() + " unreachable: " + FailureReasons.of(cause));
    }

    private void requestFullySent() {
        requestSent = true;
        upstream.flush();
        if (!responseHeadSeen) {
            conn.responseTimer.arm(px.responseTimeoutNanos);
        }
    }

    void onClientContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            c.release();
            if (writer.started()) {
                abort("malformed request body");
            } else {
                requestComplete = false;
                fail(400, "malformed request body");
            }
            return;
        }
        boolean last = c instanceof LastHttpContent;
        bytesIn += c.content().readableBytes();
        if (finished) {
            c.release();
            return;
        }
        if (last) {
            requestComplete = true;
        }
        if (heldBody.collecting()) {
            if (heldBody.add(c) || last) {
                finishCollecting();
            } else {
                conn.read();
            }
            return;
        }
        if (upstream == null) {
            heldBody.add(c);
            return;
        }
        upstream.write(c, upstream.voidPromise());
        if (last) {
            requestFullySent();
        } else {
            upstream.flush();
            if (upstream.isWritable()) {
                conn.read();
            } else {
                waitUpstreamWritable = true;
            }
        }
    }

    // ---- upstream events ----

    @Override
    public void onUpstreamMessage(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse r) {
            onResponseHead(r);
        }
        if (msg instanceof HttpContent c) {
            if (skipInformational) {
                skipInformational = !(c instanceof LastHttpContent);
                c.release();
            } else if (c.decoderResult().isFailure()) {
                c.release();
                abort("upstream broke off the response: " + FailureReasons.of(c.decoderResult().cause()));
            } else {
                writer.content(c);
            }
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onResponseHead(HttpResponse r) {
        int code = r.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            skipInformational = true; // 1xx (e.g. 103) is not relayed: Doorman answered 100 itself
            return;
        }
        responseHeadSeen = true;
        conn.responseTimer.disarm();
        if (r.decoderResult().isFailure()) {
            skipInformational = true;
            upstreamClose = true;
            fail(502, "upstream sent a malformed response");
            return;
        }
        if (code == 101) {
            if (framing.webSocketUpgrade() == null) {
                skipInformational = true;
                upstreamClose = true;
                fail(502, "upstream switched protocols unasked");
                return;
            }
            // Tunnel from the head on: Netty's response decoder would otherwise judge the handshake (a 101 without
            // Sec-WebSocket-Accept looks like a legacy one with a 16-byte body) and hold bytes back. The client
            // judges the handshake; the proxy relays whatever follows, whoever speaks first.
            writer.switchingProtocols(r, framing.webSocketUpgrade());
            becomeTunnel();
            return;
        }
        // Stripping the hop-by-hop headers reports a Connection: close; HTTP/1.0 keeps the connection only when
        // asked, so its (rare) heads are read before the strip.
        boolean http10Close = !r.protocolVersion().isKeepAliveDefault() && !HttpUtil.isKeepAlive(r);
        upstreamClose = ForwardedHeaders.stripHopByHop(r.headers()) || http10Close;
        ForwardedHeaders.markVia(r.headers());
        ResponseAction action = ResponseAction.STREAM;
        if (px.transformsResponses) {
            ResponseHead rh = null;
            try {
                if (px.hooks.responsePolicy().mayTransform(head)) {
                    rh = new ResponseHead(code, headerList(r.headers()), HttpUtil.getContentLength(r, -1L));
                    action = px.hooks.responsePolicy().onResponse(head, attachment, rh);
                }
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Exchange.class).warn("response policy failed: {}", e.toString());
            }
            if (action instanceof ResponseAction.Transform t) {
                writer.collect(r, rh, t);
                return;
            }
        }
        writer.head(r);
    }

    /** The 101 was relayed: hand both connections to a byte tunnel. */
    private void becomeTunnel() {
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
        writer.flush();
        if (writer.wantsMore() && !writer.canSend()) {
            // The client is not keeping up: stop reading PMS until it drains (backpressure).
            upstream.config().setAutoRead(false);
        }
    }

    void onClientWritable() {
        if (upstream != null && !upstream.config().isAutoRead()) {
            upstream.config().setAutoRead(true);
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (waitUpstreamWritable) {
            waitUpstreamWritable = false;
            conn.read();
        }
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
        if (responseHeadSeen || writer.started()) {
            abort("upstream closed mid-response");
            return;
        }
        if (canRetry()) {
            retried = true;
            requestSent = false;
            conn.responseTimer.disarm();
            px.metrics.upstreamRetry();
            heldBody.add(LastHttpContent.EMPTY_LAST_CONTENT);
            pool.connectNew(this);
            return;
        }
        fail(502, "upstream closed the connection before answering"
                + (upstreamFailure != null ? ": " + FailureReasons.of(upstreamFailure) : ""));
    }

    private boolean canRetry() {
        return upstreamReused && !retried && !timedOut && framing.idempotent() && !framing.hasBody() && requestComplete
                && framing.webSocketUpgrade() == null;
    }

    void onResponseTimeout() {
        if (finished || responseHeadSeen) {
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

    private void fail(int status, String reason) {
        if (status == 502) {
            px.metrics.upstreamFailure();
        }
        if (writer.started()) {
            abort(reason);
            return;
        }
        respondLocal(LocalResponses.text(cctx.alloc(), status, reason, bodyPending()), reason);
    }

    /**
     * Whether the client still has body bytes to send. A bodyless request's empty end marker may still wait
     * in the read gate; it is skipped between requests and does not force a close.
     */
    private boolean bodyPending() {
        return framing.hasBody() && !requestComplete;
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
    private void abort(String reason) {
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
        heldBody.release();
        writer.release();
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            if (!upstreamClose && !clientGone && requestSent && error == null && writer.completed()) {
                pool.release(up);
            } else {
                pool.discard(up);
            }
        }
        long now = System.nanoTime(); // one clock read for the duration and the next idle deadline
        px.recordExchange(head, attachment, now - startNanos, client, local, method,
                target, status, writer.bytesOut(), bytesIn, error, plexClient);
        if (!clientGone) {
            conn.exchangeDone(close, lastWrite, now);
        }
    }

    boolean draining() {
        return px.draining;
    }
}
