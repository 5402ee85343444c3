package io.doorman.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console UI from the jar ({@code io/doorman/console/ui/}): {@code /} is {@code index.html}, {@code /ui/X} is
 * {@code X}. Every answer carries a strict Content-Security-Policy (no inline script, nothing from elsewhere).
 */
public final class StaticFiles {

    static final String ROOT = "io/doorman/console/ui/";
    /** Scripts, styles, images and connections from this origin only; never framed. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public StaticFiles() {
        this(StaticFiles.class.getClassLoader());
    }

    StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** Security headers every console answer carries. */
    public static Map<String, String> securityHeaders() {
        return Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer", "X-Frame-Options", "DENY");
    }

    ApiResponse serve(ApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return ConsoleRouter.error(new ApiError(405, "only GET and HEAD", null, Map.of("Allow", "GET, HEAD")));
        }
        String path = request.path();
        String name;
        if (path.equals("/") || path.equals("/index.html")) {
            name = "index.html";
        } else if (path.startsWith("/ui/") && path.length() > 4) {
            name = path.substring(4);
        } else {
            return notFound();
        }
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._/-]*") || name.contains("..") || name.contains("//")) {
            return notFound();
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        byte[] bytes = type == null ? null : read(name);
        if (bytes == null) {
            return notFound();
        }
        return new ApiResponse.Bytes(200, type, bytes, Map.of("Cache-Control", "no-cache"));
    }

    private byte[] read(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return null;
            }
            byte[] b = in.readAllBytes();
            cache.put(name, b);
            return b;
        } catch (IOException e) {
            return null;
        }
    }

    private static ApiResponse notFound() {
        return new ApiResponse.Bytes(404, "text/plain; charset=utf-8",
                "not found: the console is at /; also /healthz, /readyz, /metrics, /clients\n".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), Map.of());
    }
}
