package io.doorman.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The response half of an exchange: reads PMS's answer (skipping 1xx, refusing a malformed head or a 101
 * nobody asked for), strips its hop-by-hop headers, asks the response policy, and hands head and body to the
 * {@link ResponseWriter}, pausing PMS while the client is slow; a 101 turns both connections into a tunnel.
 */
final class ResponseRelay {

    private final Exchange exchange;
    private final ProxyContext px;
    private final ResponseWriter writer;
    private final String webSocketUpgrade;
    private boolean skipInformational;
    private boolean headSeen;

    ResponseRelay(Exchange exchange, ProxyContext px, ResponseWriter writer, String webSocketUpgrade) {
        this.exchange = exchange;
        this.px = px;
        this.writer = writer;
        this.webSocketUpgrade = webSocketUpgrade;
    }

    /** A final (non-1xx) head arrived from PMS. */
    boolean headSeen() {
        return headSeen;
    }

    void onMessage(Object msg) {
        if (msg instanceof HttpResponse r) {
            onHead(r);
        }
        if (msg instanceof HttpContent c) {
            if (skipInformational) {
                skipInformational = !(c instanceof LastHttpContent);
                c.release();
            } else if (c.decoderResult().isFailure()) {
                c.release();
                exchange.abort("upstream broke off the response: " + FailureReasons.of(c.decoderResult().cause()));
            } else {
                writer.content(c);
            }
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpResponse r) {
        int code = r.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            skipInformational = true; // 1xx (e.g. 103) is not relayed: Doorman answered 100 itself
            return;
        }
        headSeen = true;
        exchange.responseStarted();
        if (r.decoderResult().isFailure()) {
            refuse("upstream sent a malformed response");
            return;
        }
        if (code == 101) {
            if (webSocketUpgrade == null) {
                refuse("upstream switched protocols unasked");
                return;
            }
            // Tunnel from the head on: Netty's response decoder would otherwise judge the handshake (a 101 without
            // Sec-WebSocket-Accept looks like a legacy one with a 16-byte body) and hold bytes back. The client
            // judges the handshake; the proxy relays whatever follows, whoever speaks first.
            writer.switchingProtocols(r, webSocketUpgrade);
            exchange.becomeTunnel();
            return;
        }
        // Stripping the hop-by-hop headers reports a Connection: close; HTTP/1.0 keeps the connection only when
        // asked, so its (rare) heads are read before the strip.
        boolean http10Close = !r.protocolVersion().isKeepAliveDefault() && !HttpUtil.isKeepAlive(r);
        if (ForwardedHeaders.stripHopByHop(r.headers()) || http10Close) {
            exchange.discardUpstreamAfter();
        }
        ForwardedHeaders.markVia(r.headers());
        if (px.transformsResponses && transform(r)) {
            return;
        }
        writer.head(r);
    }

    /** Answers 502 instead of this head: whatever PMS sends after it is dropped, and so is the connection. */
    private void refuse(String reason) {
        skipInformational = true;
        exchange.discardUpstreamAfter();
        exchange.fail(502, reason);
    }

    /** Asks the response policy; true when it took the response to collect and transform. */
    private boolean transform(HttpResponse r) {
        RequestHead head = exchange.head();
        ResponseHead rh = null;
        ResponseAction action = ResponseAction.STREAM;
        try {
            if (px.hooks.responsePolicy().mayTransform(head)) {
                rh = new ResponseHead(r.status().code(), Exchange.headerList(r.headers()), HttpUtil.getContentLength(r, -1L));
                action = px.hooks.responsePolicy().onResponse(head, exchange.attachment(), rh);
            }
        } catch (RuntimeException e) {
            // under the exchange's logger name, as before the halves were split: log searches keep working
            org.slf4j.LoggerFactory.getLogger(Exchange.class).warn("response policy failed: {}", e.toString());
        }
        if (action instanceof ResponseAction.Transform t) {
            writer.collect(r, rh, t);
            return true;
        }
        return false;
    }

    /** PMS's read burst ended: flush it to the client, and stop reading PMS while the client cannot keep up. */
    void onReadComplete(Channel upstream) {
        writer.flush();
        if (writer.wantsMore() && !writer.canSend()) {
            upstream.config().setAutoRead(false);
        }
    }

    void onClientWritable(Channel upstream) {
        if (!upstream.config().isAutoRead()) {
            upstream.config().setAutoRead(true);
        }
    }
}
