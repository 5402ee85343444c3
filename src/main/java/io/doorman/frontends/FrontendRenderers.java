package io.doorman.frontends;

import java.util.List;
import java.util.Map;

/** Which renderer writes each kind of output: one table for the CLI and the console. */
public final class FrontendRenderers {

    private static final Map<OutputKind, FrontendRenderer> RENDERERS = Map.of(
            OutputKind.CADDY, new CaddyConfig(),
            OutputKind.NGINX, new NginxConfig(),
            OutputKind.TRAEFIK, new TraefikConfig(),
            OutputKind.CLOUDFLARED, new CloudflaredConfig(),
            OutputKind.TAILSCALE, new TailscaleCommands(),
            OutputKind.SYSTEMD, new SystemdUnits(),
            OutputKind.NFTABLES, new NftablesRules());

    private FrontendRenderers() {
    }

    /** The renderer for {@code kind}, or null when that kind is not generated. */
    public static FrontendRenderer of(OutputKind kind) {
        return RENDERERS.get(kind);
    }

    /** The ids of the kinds that are generated, sorted. */
    public static List<String> ids() {
        return RENDERERS.keySet().stream().map(OutputKind::id).sorted().toList();
    }
}
