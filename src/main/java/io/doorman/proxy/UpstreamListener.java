package io.doorman.proxy;

/** Whoever currently owns an upstream connection (an exchange or a WebSocket tunnel) hears its events. */
interface UpstreamListener {

    void onUpstreamMessage(Object msg);

    void onUpstreamReadComplete();

    void onUpstreamWritable();

    void onUpstreamInactive();

    void onUpstreamException(Throwable cause);
}
