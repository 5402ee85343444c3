package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.console.auth.AdminAuth;
import io.doorman.console.auth.AuthStatus;
import io.doorman.console.auth.Authorization;
import io.doorman.console.auth.ConsoleSession;
import io.doorman.console.auth.ConsoleSessions;
import io.doorman.console.auth.LoginOutcome;
import io.doorman.console.auth.SetupOutcome;
import java.util.Map;

/**
 * {@code /api/session}, {@code /api/setup}, {@code /api/login} and {@code /api/logout}, and the gate every other
 * {@code /api/} route passes: the signed-in admin's session cookie, and {@code X-CSRF-Token} for a change.
 */
public final class SessionApi implements ConsoleRouter.Gate {

    static final String CSRF_HEADER = "x-csrf-token";

    private final AdminAuth auth;

    public SessionApi(AdminAuth auth) {
        this.auth = auth;
    }

    /** Adds the open routes. */
    public void routes(ConsoleRouter router) {
        ConsoleRouter.Access open = ConsoleRouter.Access.OPEN;
        router.add("GET", "/api/session", open, (r, p) -> status(auth.status(r.header("cookie"))))
                .add("POST", "/api/setup", open, (r, p) -> setup(r))
                .add("POST", "/api/login", open, (r, p) -> login(r))
                .add("POST", "/api/logout", open, (r, p) -> {
                    auth.logout(r.header("cookie"));
                    return new ApiResponse.Empty(204, Map.of("Set-Cookie", ConsoleSessions.clearCookie(r.secure())));
                });
    }

    @Override
    public ApiError refuse(ApiRequest request) {
        return switch (auth.authorize(request.header("cookie"), request.method(), request.header(CSRF_HEADER))) {
            case Authorization.Ok ok -> null;
            case Authorization.NoSession n -> new ApiError(n.status(), n.message());
            case Authorization.BadCsrf b -> new ApiError(b.status(), b.message());
        };
    }

    private static ApiResponse status(AuthStatus s) {
        return new ApiResponse.Json(200, ApiRequest.JSON.createObjectNode().put("authenticated", s.authenticated())
                .put("csrfToken", s.csrfToken()).put("setupRequired", s.setupRequired()));
    }

    private ApiResponse setup(ApiRequest r) throws ApiError {
        JsonNode body = r.json();
        SetupOutcome o = auth.setup(ApiRequest.text(body, "code"), ApiRequest.text(body, "password"),
                r.peer().getHostAddress());
        return switch (o) {
            case SetupOutcome.Ok ok -> signedIn(ok.session(), r.secure());
            case SetupOutcome.WrongCode w -> throw new ApiError(w.status(), w.message(), "code", Map.of());
            case SetupOutcome.AlreadySetUp a -> throw new ApiError(a.status(), a.message());
            case SetupOutcome.BadPassword b -> throw new ApiError(b.status(), b.message(), b.field(), Map.of());
        };
    }

    private ApiResponse login(ApiRequest r) throws ApiError {
        JsonNode body = r.json();
        LoginOutcome o = auth.login(ApiRequest.text(body, "password"), r.peer().getHostAddress());
        return switch (o) {
            case LoginOutcome.Ok ok -> signedIn(ok.session(), r.secure());
            case LoginOutcome.Wrong w -> throw new ApiError(w.status(), w.message(), "password", Map.of());
            case LoginOutcome.Throttled t -> throw new ApiError(t.status(), t.message(), null,
                    Map.of("Retry-After", Long.toString(t.retryAfterSeconds())));
        };
    }

    private static ApiResponse signedIn(ConsoleSession session, boolean secure) {
        ObjectNode body = ApiRequest.JSON.createObjectNode().put("authenticated", true)
                .put("csrfToken", session.csrfToken()).put("setupRequired", false);
        return new ApiResponse.Json(200, body, Map.of("Set-Cookie", ConsoleSessions.setCookie(session, secure)));
    }
}
