package io.doorman.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The request half of an exchange: asks the request policy (a second time with the body start when it wants
 * it), then writes the head to PMS and streams the body after it with backpressure, holding parts back while
 * the policy reads them or no connection is there yet.
 */
final class RequestForwarder {

    private final Exchange exchange;
    private final ClientConnection conn;
    private final HttpRequest request;
    private final RequestFraming framing;
    private final RequestBodyBuffer heldBody = new RequestBodyBuffer();
    private RequestHead head;
    private boolean continueSent;
    private boolean complete;
    private boolean sent;
    private boolean waitUpstreamWritable;
    private long bytesIn;

    RequestForwarder(Exchange exchange, ClientConnection conn, HttpRequest request, RequestFraming framing) {
        this.exchange = exchange;
        this.conn = conn;
        this.request = request;
        this.framing = framing;
    }

    /** The client has sent the whole body (or the request has none and its end marker arrived). */
    boolean complete() {
        return complete;
    }

    /** The head and the whole body went to the current upstream connection. */
    boolean sent() {
        return sent;
    }

    long bytesIn() {
        return bytesIn;
    }

    /**
     * Whether the client still has body bytes to send. A bodyless request's empty end marker may still wait
     * in the read gate; it is skipped between requests and does not force a close.
     */
    boolean bodyPending() {
        return framing.hasBody() && !complete;
    }

    // ---- request policy ----

    void consult(RequestHead head) {
        this.head = head;
        ask(null);
    }

    private void ask(RequestBody body) {
        CompletionStage<RequestDecision> stage;
        try {
            stage = conn.px.hooks.requestPolicy().decide(head, body);
        } catch (RuntimeException e) {
            exchange.policyFailed(e);
            return;
        }
        if (stage instanceof CompletableFuture<RequestDecision> cf && cf.isDone()) {
            RequestDecision d;
            try {
                d = cf.join();
            } catch (RuntimeException e) {
                exchange.policyFailed(e);
                return;
            }
            decided(d, body);
        } else {
            stage.whenComplete((d, err) -> conn.ctx.channel().eventLoop().execute(() -> {
                if (exchange.finished()) {
                    return;
                }
                if (err != null) {
                    exchange.policyFailed(err);
                } else {
                    decided(d, body);
                }
            }));
        }
    }

    private void decided(RequestDecision d, RequestBody body) {
        switch (d == null ? RequestDecision.FORWARD : d) {
            case RequestDecision.Respond r -> exchange.respond(r);
            case RequestDecision.NeedBody nb when body == null -> {
                if (!framing.hasBody()) {
                    ask(RequestBody.EMPTY);
                } else {
                    heldBody.collect(nb.maxBytes());
                    readClientBody();
                }
            }
            case RequestDecision.NeedBody nb -> exchange.forward(RequestDecision.FORWARD);
            case RequestDecision.Forward f -> exchange.forward(f);
        }
    }

    private void readClientBody() {
        if (framing.expectContinue() && !continueSent) {
            continueSent = true;
            conn.ctx.pipeline().context(ClientConnection.CODEC).writeAndFlush(LocalResponses.CONTINUE.duplicate());
        }
        conn.read();
    }

    // ---- sending ----

    /** Writes the head and whatever body is held to a fresh upstream connection, then keeps the body coming. */
    void sendTo(Channel upstream) {
        upstream.write(request, upstream.voidPromise());
        heldBody.writeTo(upstream);
        if (complete) {
            fullySent(upstream);
        } else if (flushedAndWritable(upstream)) {
            readClientBody();
        }
    }

    /** Flushes the body written so far; false (and waiting for writability) while PMS is not taking more. */
    private boolean flushedAndWritable(Channel upstream) {
        upstream.flush();
        if (upstream.isWritable()) {
            return true;
        }
        waitUpstreamWritable = true;
        return false;
    }

    private void fullySent(Channel upstream) {
        sent = true;
        upstream.flush();
        exchange.requestSent();
    }

    void onClientContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            c.release();
            complete = false;
            exchange.fail(400, "malformed request body");
            return;
        }
        boolean last = c instanceof LastHttpContent;
        bytesIn += c.content().readableBytes();
        if (exchange.finished()) {
            c.release();
            return;
        }
        if (last) {
            complete = true;
        }
        if (heldBody.collecting()) {
            if (heldBody.add(c) || last) {
                ask(heldBody.snapshot(complete));
            } else {
                conn.read();
            }
            return;
        }
        Channel upstream = exchange.upstream();
        if (upstream == null) {
            heldBody.add(c);
            return;
        }
        upstream.write(c, upstream.voidPromise());
        if (last) {
            fullySent(upstream);
        } else if (flushedAndWritable(upstream)) {
            conn.read();
        }
    }

    void onUpstreamWritable() {
        if (waitUpstreamWritable) {
            waitUpstreamWritable = false;
            conn.read();
        }
    }

    /** The connection died before any answer: send the (bodyless) request again on a new one. */
    void prepareRetry() {
        sent = false;
        heldBody.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    void release() {
        heldBody.release();
    }
}
