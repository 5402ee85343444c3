package io.doorman.console;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Carries console requests between Netty and the {@link ConsoleRouter}: each request is answered on a virtual
 * thread (handlers may read SQLite, hash a password or call PMS), and a streamed answer is written chunk by chunk,
 * waiting while the client is slow.
 */
public final class ConsoleHttp implements AutoCloseable {

    private final ConsoleRouter router;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("doorman-console-", 0).factory());

    public ConsoleHttp(ConsoleRouter router) {
        this.router = router;
    }

    /** Answers {@code req}; the request is copied first, so the caller may release it. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        ApiRequest request = toApiRequest(ctx, req);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        boolean head = req.method().equals(HttpMethod.HEAD);
        // One request at a time per connection, so answers leave in the order the requests came.
        ctx.channel().config().setAutoRead(false);
        workers.execute(() -> {
            ApiResponse response = router.handle(request);
            if (response instanceof ApiResponse.Streamed s) {
                stream(ctx, s);
            } else {
                ctx.executor().execute(() -> write(ctx, response, keepAlive, head));
            }
        });
    }

    private static ApiRequest toApiRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        Map<String, String> query = new HashMap<>();
        qs.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(),
                (a, b) -> a + ", " + b));
        InetAddress peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress()
                : InetAddress.getLoopbackAddress();
        String method = req.method().equals(HttpMethod.HEAD) ? "GET" : req.method().name();
        return new ApiRequest(method, qs.path(), query, headers, ByteBufUtil.getBytes(req.content()), peer, false);
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive, boolean head) {
        byte[] body;
        String type;
        switch (response) {
            case ApiResponse.Json j -> {
                body = j.body().toString().getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            }
            case ApiResponse.Bytes b -> {
                body = b.body();
                type = b.contentType();
            }
            default -> {
                body = new byte[0];
                type = null;
            }
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        headers(r, response, type);
        if (response.status() != 204) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(r).addListener(f -> {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            });
        }
    }

    private static void headers(HttpResponse r, ApiResponse response, String type) {
        if (type != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        StaticFiles.securityHeaders().forEach(r.headers()::set);
        response.headers().forEach(r.headers()::set);
    }

    private static void stream(ChannelHandlerContext ctx, ApiResponse.Streamed s) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        headers(head, s, s.contentType());
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        // A stream ends with the connection: the client cannot reuse it while the producer runs anyway.
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(head);
        ApiResponse.Sink sink = text -> {
            if (!ctx.channel().isActive()) {
                return false;
            }
            var done = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(
                    text.getBytes(StandardCharsets.UTF_8))));
            // Wait for the bytes to leave (bounded), so a slow client slows the producer instead of filling memory.
            if (!done.await(30, TimeUnit.SECONDS) || !done.isSuccess()) {
                ctx.close();
                return false;
            }
            return ctx.channel().isActive();
        };
        try {
            s.producer().produce(sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ConsoleHttp.class).warn("console stream failed: {}",
                    e.getClass().getName());
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
