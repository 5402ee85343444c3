package io.doorman.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fake PMS side of a WebSocket: RFC 6455 handshake, a Plex-style hello, then echo until close. Query switches
 * bend the handshake the way other upstreams do: {@code accept=omit} and {@code upgrade=omit} leave that header
 * out of the {@code 101}; {@code hello=off} sends nothing until the client has spoken.
 */
final class WebSocketEchoSession {

    static final String HELLO = "{\"NotificationContainer\":{\"type\":\"hello\"}}";

    private WebSocketEchoSession() {}

    static void run(Exchange ex) throws IOException {
        String key = ex.request.header("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            ex.respondText(400, "missing Sec-WebSocket-Key");
            return;
        }
        // After the upgrade the connection carries frames, never another HTTP request.
        ex.closeAfter();
        List<Map.Entry<String, String>> head = new ArrayList<>();
        if (!"omit".equals(ex.request.queryParam("upgrade"))) {
            head.add(Map.entry("Upgrade", "websocket"));
        }
        head.add(Map.entry("Connection", "Upgrade"));
        if (!"omit".equals(ex.request.queryParam("accept"))) {
            head.add(Map.entry("Sec-WebSocket-Accept", WebSocketFrames.acceptFor(key)));
        }
        ex.writeHead(101, head);
        ex.out.flush();
        if (!"off".equals(ex.request.queryParam("hello"))) {
            send(ex, WebSocketFrames.TEXT, HELLO.getBytes(StandardCharsets.UTF_8), true);
        }
        while (true) {
            WebSocketFrames.Frame frame = WebSocketFrames.read(ex.in);
            if (!frame.masked()) {
                // RFC 6455 §5.1: a server must fail the connection on an unmasked client frame (1002).
                send(ex, WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xEA}, true);
                return;
            }
            switch (frame.opcode()) {
                case WebSocketFrames.CLOSE -> {
                    send(ex, WebSocketFrames.CLOSE, frame.payload(), true);
                    return;
                }
                // A ping wants a pong (RFC 6455 §5.5.2), not a ping back.
                case WebSocketFrames.PING -> send(ex, WebSocketFrames.PONG, frame.payload(), true);
                default -> send(ex, frame.opcode(), frame.payload(), frame.fin());
            }
        }
    }

    private static void send(Exchange ex, int opcode, byte[] payload, boolean fin) throws IOException {
        ex.out.write(WebSocketFrames.unmasked(fin, opcode, payload));
        ex.out.flush();
    }
}
