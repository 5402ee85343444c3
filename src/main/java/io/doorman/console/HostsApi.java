package io.doorman.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.config.HostPort;
import io.doorman.frontends.CaddyApply;
import io.doorman.frontends.CaddyApplyResult;
import io.doorman.frontends.FrontendNotes;
import io.doorman.frontends.FrontendRenderers;
import io.doorman.frontends.FrontendRequest;
import io.doorman.frontends.HostTree;
import io.doorman.frontends.Hosts;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.frontends.InvalidHostException;
import io.doorman.frontends.OutputKind;
import io.doorman.frontends.PlexHost;
import io.doorman.frontends.RenderedFile;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/hosts}: the Plex Mode hosts in {@code hosts.yaml}, through the same {@code frontends} code as
 * {@code doorman host}, with each host's generated frontend configuration and "Apply to Caddy". {@code serve}
 * sees a change the way it sees a hand edit: it re-reads the file.
 */
public final class HostsApi {

    private final HostsFile file;
    private final HostPort doorman;
    private final URI caddyAdmin;
    private final Object writes = new Object();

    /**
     * @param doorman    where Doorman listens (the frontends' upstream)
     * @param caddyAdmin Caddy's admin API for "Apply to Caddy", or null when none is set
     */
    public HostsApi(HostsFile file, HostPort doorman, URI caddyAdmin) {
        this.file = file;
        this.doorman = doorman;
        this.caddyAdmin = caddyAdmin;
    }

    /** Adds this API's routes, all for the admin. */
    public void routes(ConsoleRouter router) {
        ConsoleRouter.Access admin = ConsoleRouter.Access.ADMIN;
        router.add("GET", "/api/hosts", admin, (r, p) -> list())
                .add("POST", "/api/hosts", admin, (r, p) -> create(r.json()))
                .add("GET", "/api/hosts/{name}", admin, (r, p) -> new ApiResponse.Json(200,
                        HostTree.toTree(named(load(), p.get("name")))))
                .add("PUT", "/api/hosts/{name}", admin, (r, p) -> replace(p.get("name"), r.json()))
                .add("DELETE", "/api/hosts/{name}", admin, (r, p) -> remove(p.get("name")))
                .add("GET", "/api/hosts/{name}/frontend", admin, (r, p) -> frontend(p.get("name"),
                        r.query().getOrDefault("kind", "")))
                .add("POST", "/api/hosts/{name}/apply", admin, (r, p) -> apply(p.get("name")));
    }

    private ApiResponse list() throws ApiError {
        ArrayNode a = ApiRequest.JSON.createArrayNode();
        load().all().forEach(h -> a.add(HostTree.toTree(h)));
        return new ApiResponse.Json(200, a);
    }

    private ApiResponse create(JsonNode body) throws ApiError {
        PlexHost host = parse(body);
        synchronized (writes) {
            Hosts hosts = load();
            if (hosts.named(host.name()).isPresent()) {
                throw new ApiError(409, "a host named '" + host.name() + "' exists", "name", Map.of());
            }
            save(with(hosts, host));
        }
        return new ApiResponse.Json(201, HostTree.toTree(host));
    }

    private ApiResponse replace(String name, JsonNode body) throws ApiError {
        if (body instanceof ObjectNode o && !o.has("name")) {
            o.put("name", name);
        }
        PlexHost host = parse(body);
        if (!host.name().equals(name)) {
            throw ApiError.badField("name", "the name in the body (" + host.name() + ") is not the one in the URL;"
                    + " a host is renamed by adding the new one and removing the old");
        }
        synchronized (writes) {
            Hosts hosts = load();
            named(hosts, name);
            save(with(hosts.without(name), host));
        }
        return new ApiResponse.Json(200, HostTree.toTree(host));
    }

    private ApiResponse remove(String name) throws ApiError {
        synchronized (writes) {
            Hosts hosts = load();
            named(hosts, name);
            save(hosts.without(name));
        }
        return new ApiResponse.Empty(204, Map.of());
    }

    private ApiResponse frontend(String name, String kindText) throws ApiError {
        PlexHost host = named(load(), name);
        OutputKind kind = kindText.isEmpty() ? OutputKind.of(host.frontend()) : OutputKind.find(kindText);
        if (kind == null || FrontendRenderers.of(kind) == null) {
            throw ApiError.badField("kind", "want one of " + String.join(", ", FrontendRenderers.ids()));
        }
        FrontendRequest request = request(List.of(host));
        List<RenderedFile> files = render(kind, request);
        List<String> warnings = FrontendNotes.of(request, kind);
        ObjectNode out = ApiRequest.JSON.createObjectNode().put("kind", kind.id());
        ArrayNode list = out.putArray("files");
        for (int i = 0; i < files.size(); i++) {
            RenderedFile f = i == 0 ? FrontendNotes.withNotes(files.get(i), "Generated by Doorman's console for "
                    + host.name() + ".", warnings) : files.get(i);
            list.addObject().put("name", f.name()).put("text", f.text());
        }
        out.put("customUrl", host.customUrl());
        ArrayNode w = out.putArray("warnings");
        warnings.forEach(w::add);
        out.put("canApply", kind == OutputKind.CADDY && caddyAdmin != null);
        return new ApiResponse.Json(200, out);
    }

    /** Applies the site for every host (Doorman's part of Caddy is replaced whole, as the CLI does). */
    private ApiResponse apply(String name) throws ApiError {
        if (caddyAdmin == null) {
            throw new ApiError(409, "no Caddy admin API is set (start serve with --caddy-admin or"
                    + " DOORMAN_CADDY_ADMIN)");
        }
        Hosts hosts = load();
        named(hosts, name);
        FrontendRequest request = request(hosts.all());
        String caddyfile = render(OutputKind.CADDY, request).get(0).text();
        CaddyApplyResult r = CaddyApply.apply(caddyAdmin, caddyfile, CaddyApply.Site.of(hosts.all()));
        ObjectNode out = ApiRequest.JSON.createObjectNode().put("ok", r.ok());
        ArrayNode changes = out.putArray("changes");
        r.changes().forEach(changes::add);
        r.probes().forEach(p -> changes.add(p.domain() + " via " + p.address() + ": " + p.detail()));
        ArrayNode warnings = out.putArray("warnings");
        r.warnings().forEach(warnings::add);
        r.notes().forEach(warnings::add);
        out.put("message", switch (r.outcome()) {
            case CaddyApplyResult.Outcome.Applied a -> r.ok() ? "applied; Caddy's other sites were left as they were"
                    : "applied, but Doorman did not answer for every name";
            case CaddyApplyResult.Outcome.Unchanged u -> "no changes: Caddy already runs this site";
            case CaddyApplyResult.Outcome.RolledBack b -> "rolled back: " + b.reason()
                    + "; Caddy runs the config it had before";
            case CaddyApplyResult.Outcome.Refused f -> "nothing changed: " + f.reason();
            case CaddyApplyResult.Outcome.RollbackFailed f -> "ROLLBACK FAILED: " + f.reason() + "; then "
                    + f.rollbackError() + " (run 'doorman frontend caddy --apply' to see and save the previous"
                    + " config)";
        });
        return new ApiResponse.Json(200, out);
    }

    /**
     * The renderer's files, or a 409 saying why it cannot write them for this setup (e.g. serve listening on port 0,
     * which no frontend can forward to) rather than an unexplained 500.
     */
    private static List<RenderedFile> render(OutputKind kind, FrontendRequest request) throws ApiError {
        try {
            return FrontendRenderers.of(kind).render(request);
        } catch (IllegalArgumentException e) {
            throw new ApiError(409, e.getMessage());
        }
    }

    private FrontendRequest request(List<PlexHost> hosts) {
        return new FrontendRequest(hosts, doorman, new FrontendRequest.Tls.Automatic(), null, null, false);
    }

    private static PlexHost parse(JsonNode body) throws ApiError {
        try {
            return HostTree.fromTree(body);
        } catch (InvalidHostException e) {
            throw ApiError.badField(e.field(), e.getMessage());
        }
    }

    private static Hosts with(Hosts hosts, PlexHost host) throws ApiError {
        try {
            return hosts.with(host);
        } catch (InvalidHostException e) {
            throw new ApiError(409, e.getMessage(), e.field(), Map.of());
        }
    }

    private static PlexHost named(Hosts hosts, String name) throws ApiError {
        return hosts.named(name).orElseThrow(() -> ApiError.notFound("no host named '"
                + (name.matches("[a-z0-9-]{1,63}") ? name : "?") + "'"));
    }

    private Hosts load() throws ApiError {
        try {
            return file.load();
        } catch (HostsFileException e) {
            throw new ApiError(500, e.getMessage());
        }
    }

    private void save(Hosts hosts) throws ApiError {
        try {
            file.save(hosts);
        } catch (HostsFileException e) {
            throw new ApiError(500, e.getMessage());
        }
    }
}
