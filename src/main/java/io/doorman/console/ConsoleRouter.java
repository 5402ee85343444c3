package io.doorman.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's request table: {@code /api/...} routes by method and path pattern ({@code /api/hosts/{name}}),
 * each open or for the admin only, and everything else to the UI's static files. The gate decides who is the
 * admin; a handler's {@link ApiError} becomes {@code {"error": ..., "field": ...}} with its status.
 */
public final class ConsoleRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRouter.class);

    /** Who may call a route. */
    public enum Access {
        /** Anyone who reaches the admin listener (session status, setup, login). */
        OPEN,
        /** The signed-in admin; a method that changes something also needs the CSRF header. */
        ADMIN
    }

    /** Answers one route. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request, Map<String, String> params) throws ApiError;
    }

    /** Decides whether a request comes from the signed-in admin. */
    @FunctionalInterface
    public interface Gate {
        /** Null when it does, else the error to answer (401 no session, 403 bad CSRF). */
        ApiError refuse(ApiRequest request);
    }

    private record Route(String method, Pattern pattern, List<String> names, Access access, Handler handler) {
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-z][a-zA-Z]*)}");

    private final List<Route> routes = new ArrayList<>();
    private final Gate gate;
    private final StaticFiles files;

    public ConsoleRouter(Gate gate, StaticFiles files) {
        this.gate = gate;
        this.files = files;
    }

    /** Adds a route; {@code path} may hold {@code {name}} segments. */
    public ConsoleRouter add(String method, String path, Access access, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, access, handler));
        return this;
    }

    /** The answer to one request; never throws. */
    public ApiResponse handle(ApiRequest request) {
        if (!request.path().startsWith("/api/")) {
            return files.serve(request);
        }
        try {
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : routes) {
                Matcher m = r.pattern().matcher(request.path());
                if (!m.matches()) {
                    continue;
                }
                allowed.add(r.method());
                if (!r.method().equals(request.method())) {
                    continue;
                }
                if (r.access() == Access.ADMIN) {
                    ApiError refused = gate.refuse(request);
                    if (refused != null) {
                        throw refused;
                    }
                }
                Map<String, String> params = new HashMap<>();
                for (int i = 0; i < r.names().size(); i++) {
                    params.put(r.names().get(i), java.net.URLDecoder.decode(m.group(i + 1),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                return r.handler().handle(request, params);
            }
            if (!allowed.isEmpty()) {
                throw new ApiError(405, request.method() + " is not allowed here (" + String.join(", ", allowed) + ")",
                        null, Map.of("Allow", String.join(", ", allowed)));
            }
            throw ApiError.notFound("no such API: " + request.path());
        } catch (ApiError e) {
            return error(e);
        } catch (RuntimeException e) {
            LOG.warn("console API {} {} failed: {}", request.method(), request.path(), e.getClass().getName());
            return error(new ApiError(500, "internal error (see Doorman's log)"));
        }
    }

    /** An error as the API sends it. */
    public static ApiResponse error(ApiError e) {
        ObjectNode body = ApiRequest.JSON.createObjectNode().put("error", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        return new ApiResponse.Json(e.status(), body, e.headers());
    }
}
