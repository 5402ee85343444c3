package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.prefs.PrefsDrift;
import io.doorman.prefs.PrefsPolicy;
import io.doorman.prefs.PublicUrl;
import io.doorman.prefs.RequiredPref;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The doctor's preferences group: the policy {@code doorman prefs check} applies (over the preferences the first
 * group read, so both see one snapshot), then {@link DoctorPrefsAdvice}.
 */
final class DoctorPrefsGroup implements DoctorGroup {

    @Override
    public List<String> ids(DoctorInputs in) {
        List<String> ids = new ArrayList<>();
        try {
            PrefsPolicy.forSettings(in.lockdown()).prefs().stream().map(RequiredPref::id).map(PrefsChecks::checkId)
                    .forEach(ids::add);
        } catch (IllegalArgumentException e) {
            ids.add("pref.policy");
        }
        PrefsPolicy.waitingForPublicUrl(in.lockdown()).stream().map(PrefsChecks::checkId).forEach(ids::add);
        ids.addAll(DoctorPrefsAdvice.IDS);
        return ids;
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        try {
            PrefsPolicy policy = PrefsPolicy.forSettings(in.lockdown());
            PrefsChecks.ofFindings(PrefsDrift.compare(policy, ctx.prefs()),
                    PrefsPolicy.waitingForPublicUrl(in.lockdown())).forEach(out);
        } catch (IllegalArgumentException e) {
            out.accept(Check.fail("pref.policy", "the preference policy cannot be built: " + e.getMessage(),
                    "correct prefs-off / prefs-require in the config file or environment"));
        }
        PublicUrl url = in.lockdown().publicUrl() == null ? null : PublicUrl.parse(in.lockdown().publicUrl().toString());
        DoctorPrefsAdvice.checks(ctx.prefs(), url).forEach(out);
    }
}
