package io.doorman.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection-at-a-time origin that answers each request with the next scripted bytes and keeps every
 * request head it read, as lines: for checking exactly what Doorman wrote.
 */
public final class ScriptedOrigin implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<List<String>> heads = new LinkedBlockingQueue<>();
    private final Thread thread;

    public ScriptedOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-origin");
        thread.setDaemon(true);
        thread.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public void answer(String response) {
        answers.add(response);
    }

    public List<String> head() throws InterruptedException {
        List<String> h = heads.poll(10, TimeUnit.SECONDS);
        assertThat(h).as("a request reached the origin").isNotNull();
        return h;
    }

    public String requestLine() throws InterruptedException {
        return head().get(0);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (List<String> head; (head = readHead(in)) != null; ) {
                    heads.add(head);
                    String a = answers.poll(10, TimeUnit.SECONDS);
                    if (a == null) {
                        break;
                    }
                    out.write(a.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed by the test, or the proxy dropped the connection: wait for the next one
            }
        }
    }

    /** The request head's lines, up to the blank line; null at end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            sb.append((char) b);
            if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
                return List.of(sb.substring(0, sb.length() - 4).split("\r\n"));
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
