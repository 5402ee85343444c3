package io.doorman.plex;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds Plex Media Servers on the LAN by GDM: sends the {@code M-SEARCH} datagram to the discovery group
 * (239.0.0.250:32414, multicast TTL 1) a few times, collects the answers for a bounded window, and lists each
 * server once (by {@code Resource-Identifier}), sorted by name.
 *
 * <p>{@link #discover()} blocks the calling thread for the window; {@link #discoverAsync()} runs the same on a
 * virtual thread and completes when the window closes, so an event loop never waits on it.
 */
public final class GdmDiscovery {

    /** PMS's server discovery group and port. */
    public static final InetSocketAddress PMS_DISCOVERY = new InetSocketAddress("239.0.0.250", 32414);

    /** How long answers are collected by default. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(3);

    /** How many times the request is sent by default: once, then re-sent because UDP may drop it. */
    public static final int DEFAULT_SENDS = 3;

    /** The request as plex-for-kodi sends it; PMS answers this and the bare {@code HTTP/1.0} form alike. */
    static final byte[] REQUEST = "M-SEARCH * HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Larger than any answer PMS sends (plexapi reads 1024 bytes); a longer datagram is cut, then parsed. */
    private static final int MAX_DATAGRAM = 4096;

    private final InetSocketAddress target;
    private final Duration window;
    private final int sends;
    private final InetSocketAddress local;

    /** Discovery on the LAN with the defaults. */
    public GdmDiscovery() {
        this(PMS_DISCOVERY, DEFAULT_WINDOW, DEFAULT_SENDS, null);
    }

    /** Discovery aimed at {@code target} (a test's fake responder, a unicast PMS address or a broadcast address). */
    public GdmDiscovery(InetSocketAddress target, Duration window, int sends) {
        this(target, window, sends, null);
    }

    /**
     * @param local the address (one LAN interface on a multi-homed host) and port to send from; null for any
     *     address and an ephemeral port
     */
    public GdmDiscovery(InetSocketAddress target, Duration window, int sends, InetSocketAddress local) {
        this.target = Objects.requireNonNull(target, "target");
        this.window = Objects.requireNonNull(window, "window");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("GDM target " + target.getHostString() + " is not an IP address");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("GDM window must be positive: " + window);
        }
        if (sends < 1) {
            throw new IllegalArgumentException("GDM sends must be at least 1: " + sends);
        }
        this.sends = sends;
        this.local = local;
    }

    /** The same discovery on a virtual thread; completes exceptionally with the {@link IOException}. */
    public CompletableFuture<List<GdmServer>> discoverAsync() {
        CompletableFuture<List<GdmServer>> result = new CompletableFuture<>();
        Thread.ofVirtual().name("gdm-discovery").start(() -> {
            try {
                result.complete(discover());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Sends, listens for the window, and returns the servers that answered in it, sorted by name.
     *
     * @throws IOException when no UDP socket can be opened or the first request cannot be sent
     */
    public List<GdmServer> discover() throws IOException {
        Map<String, GdmServer> byId = new LinkedHashMap<>();
        try (DatagramChannel channel = open(); Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
            long start = System.nanoTime();
            long deadline = start + window.toNanos();
            long resendEvery = window.toNanos() / (sends + 1);
            send(channel, true);
            int sent = 1;
            long nextSend = start + resendEvery;
            while (true) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    break;
                }
                if (sent < sends && now - nextSend >= 0) {
                    send(channel, false);
                    sent++;
                    nextSend += resendEvery;
                    continue;
                }
                long wakeAt = sent < sends ? Math.min(nextSend, deadline) : deadline;
                long waitMillis = Math.max(1, Duration.ofNanos(wakeAt - now).toMillis());
                if (selector.select(waitMillis) > 0) {
                    selector.selectedKeys().clear();
                    drain(channel, buffer, deadline, byId);
                }
            }
        }
        List<GdmServer> servers = new ArrayList<>(byId.values());
        servers.sort(Comparator.comparing(GdmServer::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(GdmServer::name).thenComparing(GdmServer::machineIdentifier));
        return List.copyOf(servers);
    }

    private DatagramChannel open() throws IOException {
        ProtocolFamily family = target.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(family);
            // One hop: PMS is on this LAN, and a discovery datagram has no business crossing a router.
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
            channel.bind(local == null ? new InetSocketAddress(0) : local);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | UnsupportedOperationException e) {
            if (channel != null) {
                channel.close();
            }
            String on = local == null ? "" : " on " + describe(local);
            throw new IOException("GDM discovery: cannot open a UDP socket" + on + ": " + e.getMessage(), e);
        }
    }

    /** A failed re-send changes nothing (the first one went out); a failed first send is the caller's error. */
    private void send(DatagramChannel channel, boolean first) throws IOException {
        try {
            channel.send(ByteBuffer.wrap(REQUEST), target);
        } catch (IOException e) {
            if (first) {
                throw new IOException("GDM discovery: cannot send the M-SEARCH to " + describe(target) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static void drain(DatagramChannel channel, ByteBuffer buffer, long deadline,
            Map<String, GdmServer> byId) throws IOException {
        // Stop at the deadline even when datagrams keep coming: the window is a promise to the caller.
        while (System.nanoTime() - deadline < 0) {
            buffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(buffer);
            } catch (IOException e) {
                throw new IOException("GDM discovery: cannot receive answers: " + e.getMessage(), e);
            }
            if (from == null) {
                return;
            }
            if (!(from instanceof InetSocketAddress sender) || sender.getAddress() == null) {
                continue;
            }
            Optional<GdmServer> server = GdmReply.parse(buffer.array(), buffer.position(), sender.getAddress());
            server.ifPresent(s -> byId.putIfAbsent(s.machineIdentifier(), s));
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
