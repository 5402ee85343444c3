package io.doorman.frontends;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code doorman frontend KIND} can generate: the frontends themselves, and the units and firewall beside them. */
public enum OutputKind {
    CADDY, NGINX, TRAEFIK, CLOUDFLARED, TAILSCALE, SYSTEMD, NFTABLES;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String ids() {
        return Arrays.stream(values()).map(OutputKind::id).collect(Collectors.joining(", "));
    }

    /** The kind named {@code id}, or null. */
    public static OutputKind find(String id) {
        for (OutputKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }

    /** The output for a host's frontend kind. */
    public static OutputKind of(FrontendKind kind) {
        return valueOf(kind.name());
    }
}
