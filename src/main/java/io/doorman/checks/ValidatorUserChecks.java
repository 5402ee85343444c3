package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.ValidatorAnswer.Kind;
import io.doorman.checks.ValidatorAnswer.Shown;
import java.net.URI;
import java.util.function.Consumer;

/**
 * {@code validate}'s checks with a shared user's token: Live TV through the proxy, libraries still the user's own,
 * and direct PMS still hiding DVRs from them (which shows the elevation happens in the proxy).
 */
final class ValidatorUserChecks {

    private static final String NO_USER = "no user token (--user-token or DOORMAN_USER_TOKEN: a shared, non-Home"
            + " account's token)";

    private final ValidatorHttp http;
    private final Validator.Inputs in;
    private final ValidatorAnswer ownerLibrary;

    ValidatorUserChecks(ValidatorHttp http, Validator.Inputs in, ValidatorAnswer ownerLibrary) {
        this.http = http;
        this.in = in;
        this.ownerLibrary = ownerLibrary;
    }

    void run(Consumer<Check> out) {
        String user = in.userToken();
        if (user == null) {
            out.accept(Check.skip(Validator.USER_LIVETV, NO_USER));
            out.accept(Check.skip(Validator.USER_LIBRARY_SCOPED, NO_USER));
            out.accept(Check.skip(Validator.DIRECT_USER_LIVETV_HIDDEN, NO_USER));
            return;
        }
        URI proxy = in.proxyUrl();
        ValidatorAnswer dvrs = http.get(proxy, Validator.DVRS, user, Kind.DVRS);
        ValidatorAnswer providers = http.get(proxy, Validator.PROVIDERS, user, Kind.LIVE_TV_PROVIDERS);
        String summary = Validator.liveTvSummary(dvrs, providers);
        out.accept(dvrs.reveals() && providers.reveals()
                ? Check.pass(Validator.USER_LIVETV, "the user gets Live TV through the proxy: " + summary)
                : Check.fail(Validator.USER_LIVETV, "the user does not get Live TV through the proxy: " + summary,
                        "turn elevation on (plex-label-proxy -elevate-live-tv, serve --elevate-live-tv) and check the"
                                + " user is shared a library on this server (their token must list /library/sections)"));

        ValidatorAnswer viaProxy = http.get(proxy, Validator.SECTIONS, user, Kind.LIBRARY);
        ValidatorAnswer direct = in.pmsUrl() == null ? null : http.get(in.pmsUrl(), Validator.SECTIONS, user,
                Kind.LIBRARY);
        boolean directUsable = direct != null && direct.shown() != Shown.NO_ANSWER && !direct.viaDoorman();
        out.accept(libraryScoped(viaProxy, directUsable ? direct : null));
        out.accept(directHidesLiveTv(user, direct));
    }

    private Check libraryScoped(ValidatorAnswer viaProxy, ValidatorAnswer direct) {
        String id = Validator.USER_LIBRARY_SCOPED;
        String shown = "through the proxy the user's " + Validator.SECTIONS + " is " + viaProxy.described("section");
        if (viaProxy.shown() == Shown.DENIED) {
            return Check.pass(id, shown + ": the user's own (refused) answer, not the owner's");
        }
        if (viaProxy.shown() == Shown.OTHER || viaProxy.shown() == Shown.NO_ANSWER) {
            return Check.fail(id, shown, "check the proxy's and PMS's logs for this request");
        }
        String elevatedFix = "the proxy lends the owner's token to libraries: run it with -elevate-live-tv, not"
                + " -elevate-all";
        if (direct != null) {
            if (direct.shown() == viaProxy.shown() && direct.sectionKeys().equals(viaProxy.sectionKeys())) {
                return Check.pass(id, shown + ", the same sections direct PMS shows this user");
            }
            return Check.fail(id, shown + ", but direct PMS shows this user " + direct.described("section")
                    + " (sections " + direct.sectionKeys() + " against " + viaProxy.sectionKeys() + ")", elevatedFix);
        }
        int owners = ownerLibrary.sectionKeys().size();
        if (ownerLibrary.sectionKeys().containsAll(viaProxy.sectionKeys()) && viaProxy.sectionKeys().size() < owners) {
            return Check.pass(id, shown + ", fewer than the owner's " + owners + ": the user's own view");
        }
        if (viaProxy.sectionKeys().equals(ownerLibrary.sectionKeys())) {
            return Check.warn(id, shown + ", every section the owner has: the user's own view or the owner's,"
                    + " which cannot be told apart without direct PMS", "give --pms-url a PMS address reachable from"
                    + " here, or validate with a user shared fewer libraries");
        }
        return Check.fail(id, shown + ", sections the owner's list does not have", elevatedFix);
    }

    private Check directHidesLiveTv(String user, ValidatorAnswer directLibrary) {
        String id = Validator.DIRECT_USER_LIVETV_HIDDEN;
        URI pms = in.pmsUrl();
        if (pms == null) {
            return Check.skip(id, "no PMS URL for the direct comparison (--pms-url)");
        }
        if (directLibrary.shown() == Shown.NO_ANSWER) {
            return Check.skip(id, "direct PMS at " + pms + " is not reachable from here: " + directLibrary.failure()
                    + " (fine when this runs away from the PMS host; give --pms-url to compare)");
        }
        if (directLibrary.viaDoorman()) {
            return Check.warn(id, pms + " answers through Doorman (Via: 1.1 doorman), not as PMS itself: no direct"
                    + " comparison", "give --pms-url PMS's own address (e.g. http://127.0.0.1:32400 on its host)");
        }
        ValidatorAnswer dvrs = http.get(pms, Validator.DVRS, user, Kind.DVRS);
        String shown = "direct PMS " + Validator.DVRS + " for the user: " + dvrs.described("DVR");
        return switch (dvrs.shown()) {
            case DENIED, EMPTY -> Check.pass(id, shown + ": PMS hides Live TV from the user, so the proxy is what"
                    + " grants it");
            case CONTENT -> Check.warn(id, shown + ": this account already has Live TV on PMS, so this run does not"
                    + " prove the proxy's elevation", "validate with a shared, non-Home account that has no Live TV"
                            + " access of its own");
            case OTHER, NO_ANSWER -> Check.warn(id, shown + ": neither DVRs nor the refusal PMS gives",
                    "check PMS's log for this request");
        };
    }
}
