package io.doorman.console.browser;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The console's static files from the classpath ({@code io/doorman/console/ui/}) as the admin listener will serve
 * them from the jar: {@code index.html} at {@code /}, the rest under {@code /ui/}, with the strict CSP.
 */
final class ClasspathUi {

    static final String CSP = "default-src 'self'";
    private static final String UI = "io/doorman/console/ui/";

    private ClasspathUi() {
    }

    /** Answers a non-API path: {@code /} is {@code index.html}, {@code /ui/x} is {@code ui/x}; else 404. */
    static void serve(HttpExchange ex, String path) throws IOException {
        String resource = path.equals("/") ? UI + "index.html"
                : path.startsWith("/ui/") && !path.contains("..") ? UI + path.substring(4) : null;
        InputStream in = resource == null ? null : ClasspathUi.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            byte[] missing = "not found".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(404, missing.length);
            ex.getResponseBody().write(missing);
            return;
        }
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Type", contentType(resource));
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
