package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import io.doorman.prefs.PrefsEnforcer.Result;
import java.util.ArrayList;
import java.util.List;

/** The policy's findings as checks, one per required preference: {@code prefs check}, {@code prefs enforce}, the doctor. */
public final class PrefsChecks {

    static final String ENFORCE_FIX = "run 'doorman prefs enforce' (or keep 'doorman serve' running with --public-url"
            + " and the owner token: it repairs drift every --prefs-interval)";

    private PrefsChecks() {
    }

    /** The id of a preference's check: {@code pref.RelayEnabled}. */
    public static String checkId(String prefId) {
        return "pref." + prefId;
    }

    /** What {@code GET /:/prefs} showed, each drifted preference failing with the way to repair it. */
    public static List<Check> ofFindings(List<Finding> findings, List<String> waitingForPublicUrl) {
        List<Check> out = new ArrayList<>();
        for (Finding f : findings) {
            String id = f.pref().id();
            out.add(switch (f.state()) {
                case OK -> Check.pass(checkId(id), id + " is " + f.current());
                case DRIFTED -> Check.fail(checkId(id), id + " is " + shown(f.current()) + ", wanted "
                        + f.pref().wireValue(), ENFORCE_FIX);
                case MISSING -> missing(f);
            });
        }
        out.addAll(skipped(waitingForPublicUrl));
        return out;
    }

    /** What an enforcement did: repaired, refused by PMS (named, with its status), or ignored by it. */
    public static List<Check> ofEnforcement(Result r, List<String> waitingForPublicUrl) {
        List<Check> out = new ArrayList<>();
        for (int i = 0; i < r.before().size(); i++) {
            Finding before = r.before().get(i);
            Finding after = r.after().get(i);
            String id = before.pref().id();
            String wanted = before.pref().wireValue();
            Integer refused = r.refused().get(id);
            if (before.state() == State.OK && after.state() == State.OK) {
                out.add(Check.pass(checkId(id), id + " is " + after.current()));
            } else if (before.state() == State.DRIFTED && after.state() == State.OK) {
                out.add(Check.pass(checkId(id), id + " was " + shown(before.current()) + ", now " + after.current()
                        + " (repaired)"));
            } else if (refused != null) {
                out.add(Check.fail(checkId(id), "PMS refused " + id + "=" + wanted + " (HTTP " + refused + ")",
                        refused == 401 || refused == 403
                                ? "use the server owner's token (PlexOnlineToken in PMS's Preferences.xml)"
                                : "this server does not take that id or value: set it in Plex Web (Settings >"
                                        + " Network) or remove it from prefs-require"));
            } else if (after.state() == State.MISSING) {
                out.add(missing(after));
            } else {
                out.add(Check.fail(checkId(id), id + " is still " + shown(after.current()) + " after setting "
                        + wanted, "PMS kept its value: set " + id + " in Plex Web (Settings > Network) and check"
                                + " that nothing else rewrites it"));
            }
        }
        out.addAll(skipped(waitingForPublicUrl));
        return out;
    }

    private static Check missing(Finding f) {
        String id = f.pref().id();
        return Check.warn(checkId(id), "PMS does not list " + id + " (an older or newer server?)",
                "check the id's spelling and case, or turn it off with prefs-off / remove it from prefs-require");
    }

    private static List<Check> skipped(List<String> ids) {
        return ids.stream().map(id -> Check.skip(checkId(id), id + " not checked: no public URL set (--public-url,"
                + " DOORMAN_PUBLIC_URL or public-url in the config file)")).toList();
    }

    private static String shown(String value) {
        return value == null ? "(absent)" : value.isEmpty() ? "(empty)" : value;
    }
}
