package io.doorman.proxy;

/** Whoever currently owns an upstream connection (an exchange or a WebSocket tunnel) hears its events. */
interface UpstreamListener {

    void onUpstreamMessage(Object msg);

    void onUpstreamReadComplete();

    void onUpstreamWritable();

    void onUpstreamInactive();

    void onUpstreamException(Throwable cause);

    /** A request that asks the pool for a connection: it hears which one it got, or why there is none. */
    interface Requester extends UpstreamListener {

        /** {@code reused}: the connection served an earlier request (so a close before any answer may be retried). */
        void connected(io.netty.channel.Channel ch, boolean reused);

        void connectFailed(Throwable cause);
    }
}
