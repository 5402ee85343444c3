package io.doorman.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.config.GoDuration;
import io.doorman.guard.AbuseGuard;
import io.doorman.guard.AuditOutcome;
import io.doorman.plex.PlexTokens;
import io.doorman.store.AuditEvent;
import io.doorman.store.AuditEventStore;
import io.doorman.store.AuditMinute;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * The security page's API: recent audit events ({@code GET /api/audit}), their counts over time
 * ({@code GET /api/audit/history}), the sources the abuse guard blocks now ({@code GET /api/blocks}) and lifting a
 * block ({@code DELETE /api/blocks/{source}}; the guard's change listener rewrites the block state file). Tokens
 * appear only as fingerprints.
 */
public final class SecurityApi {

    static final int DEFAULT_LIMIT = 100;
    static final int DEFAULT_MINUTES = 60;

    private final AuditEventStore audit;
    private final Clock clock;
    private final AbuseGuard guard;

    /** @param guard the Live TV abuse guard, or null when Live TV elevation is off (no blocks then) */
    public SecurityApi(AuditEventStore audit, Clock clock, AbuseGuard guard) {
        this.audit = audit;
        this.clock = clock;
        this.guard = guard;
    }

    /** Adds this API's routes, all for the admin. */
    public void routes(ConsoleRouter router) {
        ConsoleRouter.Access admin = ConsoleRouter.Access.ADMIN;
        router.add("GET", "/api/audit", admin, (r, p) -> events(r))
                .add("GET", "/api/audit/history", admin, (r, p) -> history(r))
                .add("GET", "/api/blocks", admin, (r, p) -> blocks())
                .add("DELETE", "/api/blocks/{source}", admin, (r, p) -> unblock(p.get("source")));
    }

    private ApiResponse events(ApiRequest r) throws ApiError {
        String outcome = r.query().getOrDefault("outcome", "").strip();
        if (!outcome.isEmpty() && Arrays.stream(AuditOutcome.values()).noneMatch(o -> o.wire().equals(outcome))) {
            throw ApiError.badField("outcome", "outcome must be empty or one of " + String.join(", ",
                    Arrays.stream(AuditOutcome.values()).map(AuditOutcome::wire).toList()));
        }
        int limit = number(r, "limit", DEFAULT_LIMIT, AuditEventStore.MAX_LIMIT);
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        ArrayNode list = out.putArray("events");
        for (AuditEvent e : audit.recent(outcome.isEmpty() ? null : outcome, limit)) {
            list.addObject().put("time", e.time().toString()).put("outcome", e.outcome()).put("tokenFp", e.tokenFp())
                    .put("source", e.source()).put("method", e.method()).put("path", e.path())
                    .put("count", e.occurrences());
        }
        return new ApiResponse.Json(200, out);
    }

    private ApiResponse history(ApiRequest r) throws ApiError {
        int minutes = number(r, "minutes", DEFAULT_MINUTES, AuditEventStore.MAX_HISTORY_MINUTES);
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        ArrayNode points = out.putArray("points");
        for (AuditMinute m : audit.perMinute(minutes, clock.instant())) {
            points.addObject().put("t", m.minute().toString()).put("elevated", m.elevated()).put("denied", m.denied());
        }
        return new ApiResponse.Json(200, out);
    }

    private ApiResponse blocks() {
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        ArrayNode list = out.putArray("blocks");
        if (guard != null) {
            for (AbuseGuard.Block b : guard.blocks()) {
                // The address, so the owner knows whom they unblock; its fingerprint matches the audit events' source.
                list.addObject().put("source", b.source()).put("sourceFp", PlexTokens.fingerprint(b.source()))
                        .put("until", b.until().toString())
                        .put("reason", b.failures() + " bad Live TV attempts within "
                                + GoDuration.format(guard.settings().window())
                                + " (missing, unauthorized or cooling-down tokens)");
            }
        }
        return new ApiResponse.Json(200, out);
    }

    /** By the address {@code /api/blocks} lists, or by its fingerprint (as the audit events show it). */
    private ApiResponse unblock(String source) throws ApiError {
        String key = source;
        if (guard != null && source.startsWith("sha256:")) {
            key = guard.blocks().stream().map(AbuseGuard.Block::source)
                    .filter(s -> PlexTokens.fingerprint(s).equals(source)).findFirst().orElse(source);
        }
        if (guard == null || !guard.unblock(key)) {
            throw ApiError.notFound("that source is not blocked");
        }
        return new ApiResponse.Empty(204, Map.of());
    }

    /** A whole number 1..max from the query, the default when absent. */
    private static int number(ApiRequest r, String field, int dflt, int max) throws ApiError {
        String text = r.query().getOrDefault(field, "").strip();
        if (text.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw ApiError.badField(field, field + " must be a whole number from 1 to " + max);
    }
}
