package io.doorman.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Turns the client's request head, in place, into the head sent to PMS. */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    /**
     * Strips hop-by-hop headers, restores the framing and upgrade headers Doorman itself relies on, sets the
     * forwarded headers, fills in a missing {@code Host}, then applies the policy's target and header edits.
     *
     * @param webSocketUpgrade the client's {@code Upgrade} value when it asked for a WebSocket, else null
     * @param expectContinue   whether Doorman answers {@code 100 Continue} itself (so PMS must not)
     * @param route            the route the request takes: its forwarding mode, and the upstream's authority for a
     *                         request without {@code Host}
     */
    static void prepare(HttpRequest request, String peerText, boolean peerTrusted, String clientText,
            String webSocketUpgrade, boolean expectContinue, RequestDecision.Forward decision, Route route) {
        HttpHeaders h = request.headers();
        String xff = h.get(ForwardedHeaders.X_FORWARDED_FOR);
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        ForwardedHeaders.stripHopByHop(h);
        if (expectContinue) {
            h.remove(HttpHeaderNames.EXPECT);
        }
        if (webSocketUpgrade != null) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            h.set(HttpHeaderNames.UPGRADE, webSocketUpgrade);
        }
        if (chunked) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        switch (route.forwarding()) {
            case SINGLE -> ForwardedHeaders.applySingleForwarded(h, peerTrusted, clientText);
            case NONE -> ForwardedHeaders.removeClientAddress(h);
            case APPEND -> ForwardedHeaders.applyForwarded(h, peerText, peerTrusted, clientText, xff);
        }
        if (!h.contains(HttpHeaderNames.HOST)) {
            h.set(HttpHeaderNames.HOST, route.authority());
        }
        for (Header e : decision.edits()) {
            if (e.value() == null) {
                h.remove(e.name());
            } else {
                h.set(e.name(), e.value());
            }
        }
        if (decision.target() != null) {
            request.setUri(decision.target());
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }
}
