package io.doorman.frontends;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The HTTPS frontend that stands in front of Doorman for a host. */
public enum FrontendKind {
    CADDY, NGINX, TRAEFIK, CLOUDFLARED, TAILSCALE;

    /** The kind's name as users type it: {@code caddy}, {@code nginx}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every id, comma-separated, for messages and help. */
    public static String ids() {
        return Arrays.stream(values()).map(FrontendKind::id).collect(Collectors.joining(", "));
    }

    /** The kind named {@code id}, case-insensitively. */
    public static FrontendKind parse(String id) {
        for (FrontendKind k : values()) {
            if (k.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return k;
            }
        }
        throw new InvalidHostException("frontend", "'" + HostRules.shown(id) + "' is not a frontend kind (" + ids() + ")");
    }
}
