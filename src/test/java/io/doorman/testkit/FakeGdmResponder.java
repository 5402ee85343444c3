package io.doorman.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake PMS GDM responder on a real UDP socket (127.0.0.1, ephemeral port): it answers each datagram starting
 * with {@code M-SEARCH * HTTP/1.} with one {@code HTTP/1.0 200 OK} datagram per configured server, the header
 * lines of the fact sheet (section 5), and records every datagram it received. What the sheet does not confirm
 * can be switched: header casing, line endings, a trailing blank line, extra headers, every answer sent twice,
 * a garbage datagram first, a server that answers only after a delay, and not answering at all
 * ({@code GdmEnabled=0}).
 */
public final class FakeGdmResponder implements AutoCloseable {

    /** How header names are written: as in the sheet's example, or all lower or upper case. */
    public enum HeaderCase { AS_SHEET, LOWER, UPPER }

    /**
     * One advertised server. {@code port} null leaves the {@code Port} header out; {@code updatedAt},
     * {@code version} and {@code host} null leave theirs out.
     */
    public record Server(String name, String machineIdentifier, Integer port, String version, Long updatedAt,
            String host) {

        /** A server with the sheet's usual headers and PMS's default port. */
        public static Server of(String name, String machineIdentifier) {
            return new Server(name, machineIdentifier, 32400, "1.41.3.9314-a0bfb8370", 1_700_000_000L, null);
        }

        public Server withPort(Integer p) {
            return new Server(name, machineIdentifier, p, version, updatedAt, host);
        }

        public Server withHost(String h) {
            return new Server(name, machineIdentifier, port, version, updatedAt, h);
        }

        public Server withUpdatedAt(Long u) {
            return new Server(name, machineIdentifier, port, version, u, host);
        }
    }

    private final DatagramSocket socket;
    private final Thread receiver;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-gdm-late");
        t.setDaemon(true);
        return t;
    });
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answersSent = new AtomicInteger();
    private final AtomicInteger lateAnswersSent = new AtomicInteger();
    private volatile List<Server> servers = List.of();
    private volatile Map<String, String> extraHeaders = Map.of();
    private volatile HeaderCase headerCase = HeaderCase.AS_SHEET;
    private volatile String lineEnding = "\r\n";
    private volatile boolean trailingBlankLine;
    private volatile boolean answerTwice;
    private volatile boolean garbageFirst;
    private volatile boolean enabled = true;
    private volatile Server lateServer;
    private volatile Duration lateDelay = Duration.ZERO;

    private FakeGdmResponder() throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.receiver = Thread.ofPlatform().daemon().name("fake-gdm").start(this::receiveLoop);
    }

    /** Starts on 127.0.0.1 with no servers. */
    public static FakeGdmResponder start() {
        try {
            return new FakeGdmResponder();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a discovery should send its M-SEARCH. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public FakeGdmResponder servers(Server... s) {
        this.servers = List.of(s);
        return this;
    }

    /** Headers added after the sheet's lines to every answer, in this order. */
    public FakeGdmResponder extraHeaders(Map<String, String> h) {
        this.extraHeaders = new LinkedHashMap<>(h);
        return this;
    }

    public FakeGdmResponder headerCase(HeaderCase c) {
        this.headerCase = c;
        return this;
    }

    /** {@code "\r\n"} (the sheet) or {@code "\n"}. */
    public FakeGdmResponder lineEnding(String e) {
        this.lineEnding = e;
        return this;
    }

    /** Ends each answer with an empty line, as an HTTP head would; the sheet's example has none. */
    public FakeGdmResponder trailingBlankLine(boolean on) {
        this.trailingBlankLine = on;
        return this;
    }

    /** Sends every answer twice, as a PMS answering on two ports might. */
    public FakeGdmResponder answerTwice(boolean on) {
        this.answerTwice = on;
        return this;
    }

    /** Sends a datagram that is no GDM answer before the real answers. */
    public FakeGdmResponder garbageFirst(boolean on) {
        this.garbageFirst = on;
        return this;
    }

    /** Off: receives and records, never answers ({@code GdmEnabled=0}). */
    public FakeGdmResponder enabled(boolean on) {
        this.enabled = on;
        return this;
    }

    /** One more server that answers each M-SEARCH only after {@code delay}. */
    public FakeGdmResponder lateServer(Server s, Duration delay) {
        this.lateServer = s;
        this.lateDelay = delay;
        return this;
    }

    /** Every datagram received, in order, as sent. */
    public List<byte[]> received() {
        return List.copyOf(received);
    }

    /** Answers sent on time so far (garbage and late answers not counted). */
    public int answersSent() {
        return answersSent.get();
    }

    /** Late answers sent so far. */
    public int lateAnswersSent() {
        return lateAnswersSent.get();
    }

    /** The bytes of one answer for this server, as the current switches write it. */
    public byte[] answer(Server s) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "plex/media-server"});
        headers.add(new String[] {"Resource-Identifier", s.machineIdentifier()});
        headers.add(new String[] {"Name", s.name()});
        if (s.port() != null) {
            headers.add(new String[] {"Port", s.port().toString()});
        }
        if (s.updatedAt() != null) {
            headers.add(new String[] {"Updated-At", s.updatedAt().toString()});
        }
        if (s.version() != null) {
            headers.add(new String[] {"Version", s.version()});
        }
        if (s.host() != null) {
            headers.add(new String[] {"Host", s.host()});
        }
        extraHeaders.forEach((k, v) -> headers.add(new String[] {k, v}));
        StringBuilder sb = new StringBuilder("HTTP/1.0 200 OK").append(lineEnding);
        for (String[] h : headers) {
            sb.append(cased(h[0])).append(": ").append(h[1]).append(lineEnding);
        }
        if (trailingBlankLine) {
            sb.append(lineEnding);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String cased(String name) {
        return switch (headerCase) {
            case AS_SHEET -> name;
            case LOWER -> name.toLowerCase(Locale.ROOT);
            case UPPER -> name.toUpperCase(Locale.ROOT);
        };
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
            received.add(data);
            if (enabled && new String(data, StandardCharsets.US_ASCII).startsWith("M-SEARCH * HTTP/1.")) {
                reply(packet.getSocketAddress());
            }
        }
    }

    private void reply(SocketAddress to) {
        if (garbageFirst) {
            send(new byte[] {0x00, (byte) 0xFF, 'H', 'T', 'T', 'P', ':', 0x0A, (byte) 0xC3}, to);
            send("HTTP/1.0 200 OK\r\nName: no identifier here\r\n".getBytes(StandardCharsets.UTF_8), to);
        }
        int copies = answerTwice ? 2 : 1;
        for (Server s : servers) {
            for (int i = 0; i < copies; i++) {
                if (send(answer(s), to)) {
                    answersSent.incrementAndGet();
                }
            }
        }
        Server late = lateServer;
        if (late != null) {
            later.schedule(() -> {
                if (send(answer(late), to)) {
                    lateAnswersSent.incrementAndGet();
                }
            }, lateDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean send(byte[] data, SocketAddress to) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
            return true;
        } catch (IOException e) {
            return false; // the asker is gone or we are closing
        }
    }

    @Override
    public void close() {
        later.shutdownNow();
        socket.close();
        try {
            receiver.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
