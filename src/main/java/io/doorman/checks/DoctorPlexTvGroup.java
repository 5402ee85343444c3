package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.DoctorHttp.Answer;
import io.doorman.checks.DoctorHttp.Unreachable;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PlexTvResource;
import io.doorman.plex.PlexTvResources;
import io.doorman.prefs.PublicUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The doctor's plex.tv group: {@code GET /api/v2/resources?includeHttps=1&includeRelay=1} with the owner token,
 * judged by {@link ResourceFindings}. plex.tv unreachable: every check skipped with the reason.
 */
final class DoctorPlexTvGroup implements DoctorGroup {

    private static final int MAX_RESOURCES_BYTES = 4 << 20;

    @Override
    public List<String> ids(DoctorInputs in) {
        return ResourceFindings.IDS;
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        String who = "plex.tv at " + in.plexTvUrl();
        List<PlexTvResource> resources;
        try {
            URI uri = URI.create(in.plexTvUrl().toString().replaceAll("/+$", "")
                    + "/api/v2/resources?includeHttps=1&includeRelay=1");
            Answer a = ctx.http().get(uri, Map.of("Accept", "application/json", "X-Plex-Token", in.token(),
                    "X-Plex-Client-Identifier", clientIdentifier(), "X-Plex-Product", "Doorman"),
                    MAX_RESOURCES_BYTES, who);
            if (a.status() == 401 || a.status() == 422) {
                out.accept(Check.fail(ResourceFindings.SERVER, who + " refused the owner token (HTTP " + a.status()
                        + ", token " + PlexTokens.fingerprint(in.token()) + ")",
                        "use the server owner's plex.tv token (PlexOnlineToken in PMS's Preferences.xml)"));
                skipRest(out, "plex.tv refused the owner token");
                return;
            }
            if (a.status() != 200) {
                skipAll(out, who + " answered " + a.status());
                return;
            }
            resources = PlexTvResources.parse(a.body());
        } catch (Unreachable | IOException e) {
            skipAll(out, e.getMessage());
            return;
        }
        PublicUrl url = in.lockdown().publicUrl() == null ? null : PublicUrl.parse(in.lockdown().publicUrl().toString());
        ResourceFindings.checks(resources, ctx.identity().machineIdentifier(), url).forEach(out);
    }

    private static void skipAll(Consumer<Check> out, String why) {
        ResourceFindings.IDS.forEach(id -> out.accept(Check.skip(id, "not checked: " + why)));
    }

    private static void skipRest(Consumer<Check> out, String why) {
        ResourceFindings.IDS.stream().skip(1).forEach(id -> out.accept(Check.skip(id, "not checked: " + why)));
    }

    /** plex.tv v2 wants a stable id per installation: one derived from the host name, never from a token. */
    static String clientIdentifier() {
        // The kernel's name, not InetAddress.getLocalHost(): that may wait on DNS.
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                host = "unknown-host";
            }
        }
        return "doorman-" + PlexTokens.sha256Hex("doorman-doctor:" + host).substring(0, 24);
    }
}
