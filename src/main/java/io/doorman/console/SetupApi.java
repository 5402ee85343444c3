package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.config.Secret;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.plex.GdmDiscovery;
import io.doorman.plex.GdmServer;
import io.doorman.plex.OwnerTokenImport;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PlexXml;
import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsIdentity;
import io.doorman.plex.PreferencesXmlException;
import io.doorman.plex.PreferencesXmlOwner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * {@code /api/setup/...}: the first-run wizard's steps after sign-in: find PMS on the LAN (GDM), take the owner
 * token from Preferences.xml or as pasted, and test the connection. Answers name the token by fingerprint only.
 */
public final class SetupApi {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);
    private static final int MAX_BODY = 256 * 1024;

    private final SetupState state;
    private final HostsFile hosts;
    private final Supplier<GdmDiscovery> discovery;
    private final OwnerTokenImport tokenImport;
    private final HttpClient http;

    public SetupApi(SetupState state, HostsFile hosts, Supplier<GdmDiscovery> discovery, OwnerTokenImport tokenImport) {
        this.state = state;
        this.hosts = hosts;
        this.discovery = discovery;
        this.tokenImport = tokenImport;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Adds this API's routes, all for the admin. */
    public void routes(ConsoleRouter router) {
        ConsoleRouter.Access admin = ConsoleRouter.Access.ADMIN;
        router.add("GET", "/api/setup/status", admin, (r, p) -> status())
                .add("GET", "/api/setup/discover", admin, (r, p) -> discover())
                .add("POST", "/api/setup/import-token", admin, (r, p) -> importToken(r.json()))
                .add("POST", "/api/setup/token", admin, (r, p) -> pasteToken(r.json()))
                .add("POST", "/api/setup/test-connection", admin, (r, p) -> testConnection(r.json()));
    }

    private ApiResponse status() throws ApiError {
        Secret token = state.ownerToken();
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        if (state.pmsUrl() == null) {
            out.putNull("pmsUrl");
        } else {
            out.put("pmsUrl", state.pmsUrl());
        }
        out.put("tokenSet", !token.isEmpty());
        if (token.isEmpty()) {
            out.putNull("tokenFingerprint");
        } else {
            out.put("tokenFingerprint", PlexTokens.fingerprint(token.reveal()));
        }
        try {
            out.put("hosts", hosts.load().all().size());
        } catch (HostsFileException e) {
            throw new ApiError(500, e.getMessage());
        }
        return new ApiResponse.Json(200, out);
    }

    private ApiResponse discover() throws ApiError {
        List<GdmServer> found;
        try {
            found = discovery.get().discoverAsync().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ApiError(503, "LAN discovery failed: " + e.getCause().getMessage() + " (type the PMS URL"
                    + " instead)");
        } catch (TimeoutException e) {
            throw new ApiError(503, "LAN discovery did not finish (type the PMS URL instead)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted");
        }
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        ArrayNode list = out.putArray("servers");
        for (GdmServer s : found) {
            list.addObject().put("name", s.name()).put("address", s.address()).put("port", s.port())
                    .put("version", s.version()).put("machineIdentifier", s.machineIdentifier()).put("url", s.url());
        }
        return new ApiResponse.Json(200, out);
    }

    private ApiResponse importToken(JsonNode body) throws ApiError {
        String source = ApiRequest.text(body, "source");
        JsonNode path = body.get("path");
        PreferencesXmlOwner owner;
        try {
            owner = tokenImport.importFrom(source, path == null || path.isNull() ? null : path.asText());
        } catch (PreferencesXmlException e) {
            int status = switch (e.reason()) {
                case BAD_INPUT -> 400;
                case NOT_FOUND -> 404;
                case PERMISSION_DENIED -> 403;
                default -> 422;
            };
            throw new ApiError(status, e.getMessage(), e.field().orElse(status == 400 ? "source" : null), Map.of());
        }
        state.ownerToken(owner.token());
        ObjectNode out = tokenSet(owner.token());
        out.put("path", owner.path().toString());
        return new ApiResponse.Json(200, out);
    }

    private ApiResponse pasteToken(JsonNode body) throws ApiError {
        String token = ApiRequest.text(body, "token").strip();
        if (!token.matches("[A-Za-z0-9_-]{8,200}")) {
            throw ApiError.badField("token", "this is not a Plex token (letters, digits, '-' and '_', as"
                    + " PlexOnlineToken in Preferences.xml or X-Plex-Token in a Plex Web request)");
        }
        Secret s = new Secret(token);
        state.ownerToken(s);
        return new ApiResponse.Json(200, tokenSet(s));
    }

    /** The server's name from its root ({@code MediaContainer@friendlyName}, owner's token), or null. */
    private static String friendlyName(PmsClient pms, Secret token) {
        XMLStreamReader r = null;
        try {
            byte[] body = pms.body(PmsClient.withTokenQuery("/", token.reveal()), "application/xml", CALL_TIMEOUT,
                    MAX_BODY).get(CALL_TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS);
            r = PlexXml.safeFactory().createXMLStreamReader(new java.io.ByteArrayInputStream(body));
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getAttributeValue(null, "friendlyName");
                    return name == null || name.isBlank() ? null : name;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | XMLStreamException | RuntimeException e) {
            return null;
        } finally {
            PlexXml.closeQuietly(r);
        }
    }

    private static ObjectNode tokenSet(Secret token) {
        return ApiRequest.JSON.createObjectNode().put("tokenSet", true)
                .put("fingerprint", PlexTokens.fingerprint(token.reveal()));
    }

    /**
     * Asks PMS who it is; with the owner token set, also whether PMS takes it as the owner's (only the owner reads
     * {@code /status/sessions}: a shared user gets 403, an unknown token 401). Saves the URL when PMS answered.
     */
    private ApiResponse testConnection(JsonNode body) throws ApiError {
        String text = ApiRequest.text(body, "url").strip();
        URI url;
        try {
            url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getRawPath() != null && !url.getRawPath().isEmpty()) {
            throw ApiError.badField("url", "want the PMS address like http://192.168.1.10:32400");
        }
        PmsClient pms = new PmsClient(url, http);
        ObjectNode out = ApiRequest.JSON.createObjectNode().put("url", url.toString());
        PmsIdentity identity;
        try {
            identity = PmsIdentity.parse(pms.body("/identity", "application/xml", CALL_TIMEOUT, MAX_BODY)
                    .get(CALL_TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
            String why = e instanceof ExecutionException x && x.getCause() != null ? x.getCause().getMessage()
                    : e.getMessage();
            return new ApiResponse.Json(200, out.put("ok", false).put("message", "no Plex Media Server answered at "
                    + url + (why == null ? "" : ": " + why)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted");
        }
        out.put("machineIdentifier", identity.machineIdentifier()).put("version", identity.version());
        state.pmsUrl(url.toString());
        Secret token = state.ownerToken();
        if (token.isEmpty()) {
            return new ApiResponse.Json(200, out.put("ok", true).put("tokenAccepted", false)
                    .put("message", "PMS answers; set the owner token next"));
        }
        int status;
        try {
            status = pms.status("GET", "/status/sessions", List.of(Map.entry("X-Plex-Token", token.reveal())),
                    CALL_TIMEOUT)
                    .get(CALL_TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted");
        }
        boolean accepted = status == 200;
        if (accepted) {
            String name = friendlyName(pms, token);
            if (name != null) {
                out.put("name", name);
            }
        }
        return new ApiResponse.Json(200, out.put("ok", accepted).put("tokenAccepted", accepted).put("message",
                accepted ? "PMS answers and takes the owner token" : status == 403
                        ? "PMS takes this token but not as the owner's: it belongs to a shared user"
                        : status == 401 ? "PMS refuses this token: is it the owner's (PlexOnlineToken of this server)?"
                        : "PMS answers, but checking the token failed" + (status == 0 ? "" : " (HTTP " + status + ")")));
    }
}
