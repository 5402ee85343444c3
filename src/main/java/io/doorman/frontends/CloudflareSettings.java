package io.doorman.frontends;

import io.doorman.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the tunnel reconciler works from, read from the environment variables the runbook's script takes.
 *
 * @param accountId  {@code CLOUDFLARE_ACCOUNT_ID}
 * @param apiToken   {@code CLOUDFLARE_API_TOKEN} (Account › Cloudflare Tunnel › Edit, Zone › DNS › Edit)
 * @param zoneName   {@code CLOUDFLARE_ZONE_NAME}, e.g. {@code example.com}
 * @param hostnames  {@code MEDIA_TUNNEL_HOSTNAME}: the public names, each in the zone (comma-separate for more)
 * @param tunnelName {@code CLOUDFLARE_TUNNEL_NAME}, also the local config's file name ({@code <name>.yml})
 */
public record CloudflareSettings(String accountId, Secret apiToken, String zoneName, List<String> hostnames,
        String tunnelName) {

    public static final String ACCOUNT_ID = "CLOUDFLARE_ACCOUNT_ID";
    public static final String API_TOKEN = "CLOUDFLARE_API_TOKEN";
    public static final String ZONE_NAME = "CLOUDFLARE_ZONE_NAME";
    public static final String HOSTNAME = "MEDIA_TUNNEL_HOSTNAME";
    public static final String TUNNEL_NAME = "CLOUDFLARE_TUNNEL_NAME";
    /** In the order a person fills them in. */
    public static final List<String> VARIABLES = List.of(ACCOUNT_ID, API_TOKEN, ZONE_NAME, HOSTNAME, TUNNEL_NAME);

    public CloudflareSettings {
        hostnames = List.copyOf(hostnames);
    }

    /**
     * Reads and checks the variables; {@code CLOUDFLARE_TUNNEL_NAME} defaults to
     * {@link FrontendRequest#DEFAULT_TUNNEL}, the name {@code doorman frontend systemd} runs.
     *
     * @throws InvalidHostException naming the variable that is missing or wrong (never showing the token)
     */
    public static CloudflareSettings fromEnv(Map<String, String> env) {
        String account = required(env, ACCOUNT_ID);
        if (!account.matches("[A-Za-z0-9]{1,64}")) {
            throw new InvalidHostException(ACCOUNT_ID, "not an account id (the 32 hex characters on the dashboard's"
                    + " overview page)");
        }
        Secret token = new Secret(required(env, API_TOKEN));
        if (!token.reveal().matches("[\\x21-\\x7e]+")) {
            throw new InvalidHostException(API_TOKEN, "holds a space or a character a token never has (is it"
                    + " quoted in the env file?)");
        }
        String zone = required(env, ZONE_NAME).toLowerCase(Locale.ROOT);
        HostRules.domain(ZONE_NAME, zone);
        List<String> hostnames = new ArrayList<>();
        for (String h : required(env, HOSTNAME).split(",")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            HostRules.domain(HOSTNAME, name);
            if (!name.endsWith("." + zone)) {
                throw new InvalidHostException(HOSTNAME, "'" + name + "' is not inside the zone " + zone);
            }
            if (!hostnames.contains(name)) {
                hostnames.add(name);
            }
        }
        if (hostnames.isEmpty()) {
            throw new InvalidHostException(HOSTNAME, "not set (the public name, e.g. media." + zone + ")");
        }
        // The rule of the generated unit's file name, so the reconciler writes the file the unit runs.
        String tunnel = FrontendRequest.tunnel(TUNNEL_NAME, env.get(TUNNEL_NAME));
        return new CloudflareSettings(account, token, zone, hostnames, tunnel);
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new InvalidHostException(name, "not set (the reconciler needs " + String.join(", ",
                    VARIABLES.subList(0, 4)) + "; " + TUNNEL_NAME + " is optional)");
        }
        return v.strip();
    }

    @Override
    public String toString() {
        return "CloudflareSettings[account=" + accountId + ", token=" + apiToken + ", zone=" + zoneName
                + ", hostnames=" + hostnames + ", tunnel=" + tunnelName + "]";
    }
}
