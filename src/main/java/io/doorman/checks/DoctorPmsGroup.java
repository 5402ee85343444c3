package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.plex.PlexTokens;
import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsIdentity;
import io.doorman.plex.PmsPrefs;
import io.doorman.prefs.PrefsPolicy;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/** The doctor's first group: PMS answers {@code /identity} (no token), and the owner token reads {@code /:/prefs}. */
final class DoctorPmsGroup implements DoctorGroup {

    static final String REACHABLE = "pms.reachable";
    static final String OWNER_TOKEN = "pms.owner-token";
    private static final int MAX_IDENTITY_BYTES = 64 * 1024;
    private static final int MAX_PREFS_BYTES = 1 << 20;
    private static final String OWNER_FIX = "use the server owner's token (PlexOnlineToken in PMS's Preferences.xml)";
    /** Network settings PMS shows its owner only; the policy's own ids are added to them. */
    private static final List<String> OWNER_ONLY = List.of(PrefsPolicy.RELAY, PrefsPolicy.CUSTOM_CONNECTIONS,
            PrefsPolicy.MANUAL_PORT_MODE, DoctorPrefsAdvice.SECURE_CONNECTIONS_PREF, DoctorPrefsAdvice.REMOTE_ACCESS_PREF);

    private static List<String> ownerSettings(DoctorInputs in) {
        Set<String> ids = new LinkedHashSet<>(OWNER_ONLY);
        try {
            PrefsPolicy.forSettings(in.lockdown()).prefs().forEach(p -> ids.add(p.id()));
        } catch (IllegalArgumentException e) {
            // the prefs group reports a policy that cannot be built; the defaults still tell an owner's view
        }
        return List.copyOf(ids);
    }

    @Override
    public List<String> ids(DoctorInputs in) {
        return List.of(REACHABLE, OWNER_TOKEN);
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        String fixUrl = "start PMS, or point --pms-url (DOORMAN_UPSTREAM) at it, e.g. http://127.0.0.1:32400";
        try {
            PmsIdentity id = PmsIdentity.parse(ctx.pms().body("/identity", "application/xml", in.timeout(),
                    MAX_IDENTITY_BYTES).join());
            ctx.identity(id);
            String what = "PMS " + id.version() + " at " + in.pmsUrl() + ", machineIdentifier " + id.machineIdentifier();
            out.accept(id.claimed() ? Check.pass(REACHABLE, what)
                    : Check.warn(REACHABLE, what + ", not signed in to plex.tv (claimed=0)",
                            "claim the server: sign in to Plex Web on it (Settings > General) with the owner's account"));
        } catch (CompletionException e) {
            String why = PmsFailures.describe(e, in.pmsUrl(), "reading /identity");
            out.accept(Check.fail(REACHABLE, why, fixUrl));
            ctx.stop("PMS is not reachable");
            out.accept(Check.skip(OWNER_TOKEN, "not checked: PMS is not reachable"));
            return;
        } catch (IOException e) {
            out.accept(Check.fail(REACHABLE, "PMS at " + in.pmsUrl() + " answered /identity with no server identity ("
                    + e.getMessage() + ")", "check that --pms-url names Plex Media Server, not another service"));
            ctx.stop("PMS is not reachable");
            out.accept(Check.skip(OWNER_TOKEN, "not checked: PMS is not reachable"));
            return;
        }
        String token = in.token();
        if (token == null) {
            out.accept(Check.fail(OWNER_TOKEN, "no owner token given", "set DOORMAN_OWNER_TOKEN (or --owner-token) to"
                    + " the server owner's token (PlexOnlineToken in PMS's Preferences.xml)"));
            ctx.stop("no owner token");
            return;
        }
        String fp = " (token " + PlexTokens.fingerprint(token) + ")";
        try {
            Map<String, String> prefs = PmsPrefs.parse(ctx.pms().body(PmsClient.withTokenQuery("/:/prefs", token),
                    "application/xml", in.timeout(), MAX_PREFS_BYTES).join());
            List<String> owners = ownerSettings(in);
            if (owners.stream().noneMatch(prefs::containsKey)) {
                // A shared user's token reads /:/prefs too, but without the owner's network settings.
                out.accept(Check.fail(OWNER_TOKEN, "PMS shows this token /:/prefs without any of the owner's settings "
                        + String.join(", ", owners) + ": it is not the server owner's" + fp, OWNER_FIX));
                ctx.stop("the token is not the server owner's");
                return;
            }
            ctx.prefs(prefs);
            out.accept(Check.pass(OWNER_TOKEN, "the owner token reads /:/prefs (" + prefs.size() + " settings)" + fp));
        } catch (CompletionException e) {
            boolean refused = PmsFailures.answered(e);
            out.accept(Check.fail(OWNER_TOKEN, PmsFailures.describe(e, in.pmsUrl(), "reading /:/prefs") + fp,
                    refused ? OWNER_FIX : fixUrl));
            ctx.stop(refused ? "the owner token cannot read /:/prefs" : "PMS is not reachable");
        } catch (IOException e) {
            out.accept(Check.fail(OWNER_TOKEN, "PMS's /:/prefs answer cannot be read (" + e.getMessage() + ")",
                    "check that --pms-url names Plex Media Server, not another service"));
            ctx.stop("PMS's preferences cannot be read");
        }
    }
}
