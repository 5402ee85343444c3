package io.doorman.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Doorman's HTTP/1.1 decoders beside Netty's on the same heads, one thread, no sockets: the nanoseconds each takes
 * to turn one head (and its body, as slices) into messages. Run by {@code bench/decoders.sh}.
 */
public final class DecoderBench {

    private static final String BENCH_REQUEST = "GET /library/sections HTTP/1.1\r\nHost: 127.0.0.1:18083\r\n\r\n";
    private static final String PLEX_REQUEST = "GET /library/sections/1/all?type=1&sort=titleSort"
            + "&X-Plex-Container-Start=0&X-Plex-Container-Size=50 HTTP/1.1\r\nHost: plex.example.com\r\n"
            + "Accept: application/json\r\nAccept-Language: en-US,en;q=0.9\r\nAccept-Encoding: gzip, deflate, br\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36\r\n"
            + "X-Plex-Product: Plex Web\r\nX-Plex-Version: 4.118.0\r\nX-Plex-Client-Identifier: abcdef0123456789abcdef01\r\n"
            + "X-Plex-Platform: Chrome\r\nX-Plex-Platform-Version: 120.0\r\nX-Plex-Device: Linux\r\n"
            + "X-Plex-Device-Name: Chrome\r\nX-Plex-Token: fake-token-for-bench\r\nX-Plex-Language: en\r\n"
            + "Origin: https://app.plex.tv\r\nReferer: https://app.plex.tv/\r\nConnection: keep-alive\r\n\r\n";
    private static final String BENCH_RESPONSE = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
            + "Date: Mon, 07 Dec 2026 22:51:27 GMT\r\nContent-Type: application/xml\r\nContent-Length: 2290\r\n"
            + "Connection: keep-alive\r\n\r\n";
    private static final String PLEX_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/xml;charset=utf-8\r\n"
            + "Content-Length: 2290\r\nConnection: Keep-Alive\r\nKeep-Alive: timeout=20\r\nX-Plex-Protocol: 1.0\r\n"
            + "Cache-Control: no-cache\r\nDate: Mon, 07 Dec 2026 22:51:27 GMT\r\nAccess-Control-Allow-Origin: *\r\n"
            + "Access-Control-Expose-Headers: Location, Date\r\nVary: Origin, X-Plex-Token\r\n"
            + "X-Plex-Content-Original-Length: 2290\r\n\r\n";

    private interface Decode {
        void run(ByteBuf in, List<Object> out) throws Exception;
    }

    private static final class NettyRequests extends HttpRequestDecoder {
        NettyRequests() {
            super(new HttpDecoderConfig().setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024)
                    .setMaxChunkSize(1024 * 1024));
        }

        void run(ByteBuf in, List<Object> out) throws Exception {
            decode(null, in, out);
        }
    }

    private static final class NettyResponses extends HttpResponseDecoder {
        NettyResponses() {
            super(new HttpDecoderConfig().setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024)
                    .setMaxChunkSize(1024 * 1024));
        }

        void run(ByteBuf in, List<Object> out) throws Exception {
            decode(null, in, out);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        System.out.println("| head | fields | Netty ns | Doorman ns | Doorman / Netty |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("bench request (wrk)", BENCH_REQUEST, 0, rounds);
        row("Plex Web request", PLEX_REQUEST, 0, rounds);
        row("bench response (nginx), 2290-byte body", BENCH_RESPONSE, 2290, rounds);
        row("PMS-like response, 2290-byte body", PLEX_RESPONSE, 2290, rounds);
    }

    private static void row(String name, String head, int bodyBytes, int rounds) throws Exception {
        boolean request = !head.startsWith("HTTP/");
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf in = Unpooled.directBuffer(h.length + bodyBytes).writeBytes(h).writeZero(bodyBytes);
        Map<String, Double> best = new TreeMap<>();
        List<Object> out = new ArrayList<>();
        long fields = 0;
        for (int round = 0; round < rounds; round++) {
            for (String kind : new String[] {"netty", "doorman"}) {
                Decode d;
                if (kind.equals("netty")) {
                    if (request) {
                        NettyRequests n = new NettyRequests();
                        d = n::run;
                    } else {
                        NettyResponses n = new NettyResponses();
                        d = n::run;
                    }
                } else if (request) {
                    ClientRequestDecoder c = new ClientRequestDecoder(16 * 1024, 64 * 1024, () -> { }, new ReadClock());
                    d = (i, o) -> c.decode(null, i, o);
                } else {
                    UpstreamResponseDecoder c = new UpstreamResponseDecoder(80 * 1024, new ReadClock());
                    d = (i, o) -> c.decode(null, i, o);
                }
                int n = 1_000_000;
                fields = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    in.readerIndex(0);
                    while (in.isReadable()) {
                        d.run(in, out);
                    }
                    for (Object m : out) {
                        if (m instanceof HttpMessage message) {
                            fields += message.headers().size();
                        }
                        ReferenceCountUtil.release(m);
                    }
                    out.clear();
                }
                double ns = (System.nanoTime() - t0) / (double) n;
                if (round >= rounds / 4) { // the first quarter warms the JIT up
                    best.merge(kind, ns, Math::min);
                }
            }
        }
        double netty = best.get("netty");
        double doorman = best.get("doorman");
        System.out.printf("| %s | %d | %.0f | %.0f | %.2f |%n", name, fields / 1_000_000, netty, doorman, doorman / netty);
    }
}
