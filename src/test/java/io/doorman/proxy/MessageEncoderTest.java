package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reaches the wire for a bodyless request's end marker (the proxy tests see the bytes, not the writes). */
class MessageEncoderTest {

    private static DefaultHttpRequest get() {
        DefaultHttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/library/sections");
        r.headers().set("Host", "pms");
        return r;
    }

    @Test
    void theEmptyEndOfABodylessRequestIsNotWrittenWhenNobodyWaitsForIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
        ch.write(get(), ch.voidPromise());
        ch.write(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
        ch.flush();
        ByteBuf head = ch.readOutbound();
        assertThat(head.toString(StandardCharsets.US_ASCII))
                .isEqualTo("GET /library/sections HTTP/1.1\r\nHost: pms\r\n\r\n");
        head.release();
        assertThat((Object) ch.readOutbound()).as("no second, empty write").isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void anEmptyEndSomeoneWaitsForIsWrittenAfterWhatCameBefore() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
        ch.write(get(), ch.voidPromise());
        ChannelFuture end = ch.write(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(end.isDone()).as("not done before the flush").isFalse();
        ch.flush();
        assertThat(end.isSuccess()).isTrue();
        ByteBuf head = ch.readOutbound();
        head.release();
        ByteBuf empty = ch.readOutbound();
        assertThat(empty.readableBytes()).isZero();
        empty.release();
        ch.finishAndReleaseAll();
    }
}
