package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.checks.PmsFailures;
import io.doorman.checks.PrefsChecks;
import io.doorman.checks.SessionFindings;
import io.doorman.config.LockdownSettings;
import io.doorman.config.Secret;
import io.doorman.guard.ClientSightings;
import io.doorman.plex.DoormanClients;
import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsSession;
import io.doorman.plex.PmsSessions;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.prefs.PrefsEnforcer;
import io.doorman.prefs.PrefsPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The dashboard: {@code GET /api/sessions} (PMS's current sessions beside Doorman's view of each client, flagged by
 * the doctor's own comparison when PMS counts as Local a client Doorman saw arrive from outside) and
 * {@code GET /api/events}, the live stream of traffic, sessions and preference drift.
 */
public final class DashboardApi {

    /** How often each event is sent, the keep-alive, and when a stream ends (the browser then reconnects). */
    public record Intervals(Duration traffic, Duration sessions, Duration drift, Duration keepAlive, Duration maxStream) {
        public static final Intervals DEFAULT = new Intervals(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofHours(1));
    }

    private static final int MAX_SESSIONS_BYTES = 4 << 20;
    /** The doctor's check that compares PMS's Local/Remote with Doorman's view (SessionFindings). */
    private static final String VS_DOORMAN = "sessions.local-vs-doorman";

    private final PmsClient pms;
    private final URI pmsUrl;
    private final Supplier<Secret> ownerToken;
    private final Duration timeout;
    private final ClientSightings sightings;
    private final MeterRegistry registry;
    private final LockdownSettings lockdown;
    private final Intervals intervals;

    /**
     * @param pms        Doorman's client for PMS (the proxy's upstream)
     * @param pmsUrl     its URL, for messages
     * @param ownerToken the owner token as it is now (the setup wizard may set it later); empty when not set
     * @param timeout    bounds each call to PMS
     * @param sightings  Doorman's view of each client, or null when not kept
     * @param registry   where the proxy counts its traffic
     * @param lockdown   the preference policy's settings, for drift
     */
    public DashboardApi(PmsClient pms, URI pmsUrl, Supplier<Secret> ownerToken, Duration timeout,
            ClientSightings sightings, MeterRegistry registry, LockdownSettings lockdown, Intervals intervals) {
        this.pms = pms;
        this.pmsUrl = pmsUrl;
        this.ownerToken = ownerToken;
        this.timeout = timeout;
        this.sightings = sightings;
        this.registry = registry;
        this.lockdown = lockdown;
        this.intervals = intervals;
    }

    /** Adds this API's routes, all for the admin. */
    public void routes(ConsoleRouter router) {
        router.add("GET", "/api/sessions", ConsoleRouter.Access.ADMIN, (r, p) -> new ApiResponse.Json(200, sessions()))
                .add("GET", "/api/events", ConsoleRouter.Access.ADMIN, (r, p) -> events().response());
    }

    /** The stream one browser tab reads: its own traffic sampler, so two tabs do not share intervals. */
    EventStream events() {
        TrafficSampler traffic = new TrafficSampler(registry);
        return new EventStream(List.of(
                new EventStream.Feed("traffic", intervals.traffic(), intervals.traffic(), () -> traffic(traffic)),
                new EventStream.Feed("sessions", intervals.sessions(), Duration.ZERO, this::sessionsEvent),
                new EventStream.Feed("drift", intervals.drift(), Duration.ZERO, this::drift)),
                intervals.keepAlive(), intervals.maxStream());
    }

    private static JsonNode traffic(TrafficSampler sampler) {
        TrafficSampler.Traffic t = sampler.sample();
        return ApiRequest.JSON.createObjectNode().put("t", t.t().toString())
                .put("requestsPerSecond", t.requestsPerSecond()).put("bytesPerSecond", t.bytesPerSecond())
                .put("errorsPerSecond", t.errorsPerSecond());
    }

    /** As {@code /api/sessions}; when PMS cannot be asked, no sessions and the reason. */
    private JsonNode sessionsEvent() {
        try {
            return sessions();
        } catch (ApiError e) {
            ObjectNode out = ApiRequest.JSON.createObjectNode();
            out.putArray("sessions");
            return out.put("error", e.getMessage());
        }
    }

    ObjectNode sessions() throws ApiError {
        String token = token();
        List<PmsSession> playing;
        try {
            playing = PmsSessions.parse(await(pms.body(PmsClient.withTokenQuery("/status/sessions", token),
                    "application/xml", timeout, MAX_SESSIONS_BYTES)));
        } catch (IOException e) {
            throw new ApiError(502, e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiError(502, describe(e, "reading /status/sessions"));
        }
        Map<String, ClientSightings.Sighting> seen = new HashMap<>();
        if (sightings != null) {
            // recent() is newest first: keep the newest sighting of an identifier.
            sightings.recent().forEach(s -> seen.putIfAbsent(s.clientIdentifier(), s));
        }
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        ArrayNode list = out.putArray("sessions");
        for (PmsSession s : playing) {
            list.add(session(s, seen.get(s.machineIdentifier())));
        }
        return out;
    }

    private static ObjectNode session(PmsSession s, ClientSightings.Sighting seen) {
        ObjectNode n = ApiRequest.JSON.createObjectNode().put("user", s.user()).put("title", s.title());
        if (s.bandwidthKbps() == null) {
            n.putNull("bandwidthKbps");
        } else {
            n.put("bandwidthKbps", s.bandwidthKbps());
        }
        ObjectNode plex = n.putObject("plex").put("location", s.location()).put("local", s.local())
                .put("relayed", s.relayed());
        if (s.secure() == null) {
            plex.putNull("secure");
        } else {
            plex.put("secure", s.secure());
        }
        plex.put("address", s.address());
        if (seen == null) {
            n.putNull("doorman");
            n.putNull("warning");
            return n;
        }
        n.putObject("doorman").put("forwardedAddress", seen.address()).put("inLanNetworks", seen.lan());
        String warning = warning(s, seen);
        if (warning == null) {
            n.putNull("warning");
        } else {
            n.put("warning", warning);
        }
        return n;
    }

    /** The doctor's comparison for this one session: its failure (PMS says Local, Doorman saw outside) is the warning. */
    static String warning(PmsSession s, ClientSightings.Sighting seen) {
        var client = new DoormanClients.Client(seen.clientIdentifier(), seen.address(), seen.lan(),
                seen.lastSeen().toString());
        for (Check c : SessionFindings.checks(List.of(s), List.of(client), null)) {
            if (c.id().equals(VS_DOORMAN) && c.status() == Status.FAIL) {
                return c.summary();
            }
        }
        return null;
    }

    /** {@code {"status":"ok|drift|unknown","details":[...]}}: the policy {@code prefs check} applies. */
    JsonNode drift() {
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        ArrayNode details = ApiRequest.JSON.createArrayNode();
        String status;
        try {
            PrefsPolicy policy = PrefsPolicy.forSettings(lockdown);
            List<Finding> findings = await(new PrefsEnforcer(pms, token(), timeout).check(policy));
            boolean allMissing = !findings.isEmpty() && findings.stream().allMatch(f -> f.state() == State.MISSING);
            for (Check c : PrefsChecks.ofFindings(findings, PrefsPolicy.waitingForPublicUrl(lockdown))) {
                if (c.status() != Status.PASS) {
                    details.add(c.summary());
                }
            }
            if (allMissing) {
                status = "unknown";
                details.insert(0, "PMS shows the owner token none of the policy's preferences: is it the server"
                        + " owner's token?");
            } else {
                status = findings.stream().anyMatch(f -> f.state() == State.DRIFTED) ? "drift" : "ok";
            }
        } catch (IllegalArgumentException e) {
            status = "unknown";
            details.add("the preference policy cannot be built: " + e.getMessage());
        } catch (ApiError e) {
            status = "unknown";
            details.add(e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            status = "unknown";
            details.add(describe(e, "reading /:/prefs"));
        }
        out.put("status", status);
        out.set("details", details);
        return out;
    }

    private String token() throws ApiError {
        Secret t = ownerToken.get();
        if (t == null || t.isEmpty()) {
            throw new ApiError(503, "no owner token is set: import or paste it in the setup wizard");
        }
        return t.reveal();
    }

    /** Waits for a call that has its own timeout, a little longer, so no request can hang a thread for ever. */
    private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws ExecutionException, TimeoutException {
        try {
            return f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new TimeoutException("interrupted");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    private String describe(Exception e, String what) {
        if (e instanceof TimeoutException) {
            return "PMS at " + pmsUrl + " did not answer in time when " + what;
        }
        Throwable cause = PmsFailures.unwrap(e);
        if (cause instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause().getMessage();
        }
        return PmsFailures.describe(cause, pmsUrl, what);
    }
}
