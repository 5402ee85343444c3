package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Request body parts held back while the request policy reads the body start or while the upstream
 * connection is being made. They are forwarded intact, in order, once a connection is there.
 */
final class RequestBodyBuffer {

    /** Null until a part is held: most requests have no body, and every request has one of these. */
    private List<HttpContent> parts;
    private int limit = -1;
    private long collected;

    /** Starts holding parts for the policy, up to {@code maxBytes}. */
    void collect(int maxBytes) {
        limit = Math.max(0, maxBytes);
    }

    boolean collecting() {
        return limit >= 0;
    }

    /** Holds a part; while collecting, returns true once the policy's limit is reached. */
    boolean add(HttpContent part) {
        if (parts == null) {
            parts = new ArrayList<>(2);
        }
        parts.add(part);
        if (limit < 0) {
            return false;
        }
        collected += part.content().readableBytes();
        return collected >= limit;
    }

    /** The body start for the policy (a copy); ends collecting. */
    RequestBody snapshot(boolean requestComplete) {
        int n = (int) Math.min(collected, limit);
        byte[] bytes = new byte[n];
        int off = 0;
        for (HttpContent c : parts == null ? List.<HttpContent>of() : parts) {
            if (off == n) {
                break;
            }
            ByteBuf b = c.content();
            int take = Math.min(b.readableBytes(), n - off);
            b.getBytes(b.readerIndex(), bytes, off, take);
            off += take;
        }
        limit = -1;
        return new RequestBody(bytes, requestComplete && collected <= n);
    }

    /** Writes every held part to {@code upstream} (not flushed) and forgets them. */
    void writeTo(Channel upstream) {
        if (parts == null) {
            return;
        }
        for (HttpContent c : parts) {
            upstream.write(c, upstream.voidPromise());
        }
        parts.clear();
    }

    void release() {
        if (parts == null) {
            return;
        }
        for (HttpContent c : parts) {
            ReferenceCountUtil.release(c);
        }
        parts.clear();
    }
}
