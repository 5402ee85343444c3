package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.ValidatorAnswer.Kind;
import io.doorman.checks.ValidatorAnswer.Shown;
import io.doorman.plex.PlexTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * {@code doorman validate}: the runbook's validation through the proxy URL. A proxy answer "gets" libraries or
 * Live TV when it is a 2xx listing at least one item — a {@code <Directory} of {@code /library/sections}, a
 * {@code <Dvr} of {@code /livetv/dvrs}, a Live TV provider ({@code identifier="tv.plex.providers.epg.*"}) of
 * {@code /media/providers}; it "does not get" them on 401, 403, Doorman's 429 abuse block, or a 2xx listing none.
 * Another status is neither: a warning where nothing may be revealed, a failure where something must be.
 *
 * <p>Check ids, in order: {@value #IS_DOORMAN}, {@value #NO_TOKEN_LIBRARY}, {@value #NO_TOKEN_LIVETV},
 * {@value #FAKE_TOKEN_LIBRARY}, {@value #FAKE_TOKEN_LIVETV} (a token made at random each run; only its
 * fingerprint is shown), {@value #OWNER_LIBRARY}, {@value #OWNER_LIVETV}, {@value #USER_LIVETV},
 * {@value #USER_LIBRARY_SCOPED}, {@value #DIRECT_USER_LIVETV_HIDDEN} (the three user checks skip without a user
 * token), {@value #WEBSOCKET}. The no-token and fake-token Live TV requests count as failed attempts in Doorman's
 * abuse guard; a verified token is never blocked by it.
 */
public final class Validator {

    public static final String IS_DOORMAN = "proxy.doorman";
    public static final String NO_TOKEN_LIBRARY = "proxy.no-token.library";
    public static final String NO_TOKEN_LIVETV = "proxy.no-token.livetv";
    public static final String FAKE_TOKEN_LIBRARY = "proxy.fake-token.library";
    public static final String FAKE_TOKEN_LIVETV = "proxy.fake-token.livetv";
    public static final String OWNER_LIBRARY = "proxy.owner.library";
    public static final String OWNER_LIVETV = "proxy.owner.livetv";
    public static final String USER_LIVETV = "user.livetv";
    public static final String USER_LIBRARY_SCOPED = "user.library-scoped";
    public static final String DIRECT_USER_LIVETV_HIDDEN = "direct.user.livetv-hidden";
    public static final String WEBSOCKET = "proxy.websocket";

    static final String SECTIONS = "/library/sections";
    static final String DVRS = "/livetv/dvrs";
    static final String PROVIDERS = "/media/providers";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a run checks.
     *
     * @param proxyUrl   the proxy, or the front door in front of it
     * @param ownerToken the server owner's token (required)
     * @param userToken  a shared non-Home user's token, or null
     * @param pmsUrl     PMS directly, for the user comparison, or null
     */
    public record Inputs(URI proxyUrl, String ownerToken, String userToken, URI pmsUrl) {
        @Override
        public String toString() {
            return "Inputs[proxyUrl=" + proxyUrl + ", owner=" + PlexTokens.fingerprint(ownerToken) + ", user="
                    + PlexTokens.fingerprint(userToken) + ", pmsUrl=" + pmsUrl + "]";
        }
    }

    private final ValidatorHttp http;
    private final SSLContext tls;
    private final Duration timeout;

    /**
     * @param tls     trust for an https proxy URL, or null for the JDK's
     * @param timeout bounds each request
     */
    public Validator(SSLContext tls, Duration timeout) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = new ValidatorHttp(b.build(), timeout);
        this.tls = tls;
        this.timeout = timeout;
    }

    /** {@link #run(Inputs, Consumer)} collected into a list. */
    public List<Check> run(Inputs in) throws CouldNotRun {
        List<Check> out = new ArrayList<>();
        run(in, out::add);
        return out;
    }

    /**
     * Runs every check, handing each to {@code out} as it completes.
     *
     * @throws CouldNotRun before any check, when the proxy does not answer or refuses the owner's token
     */
    public void run(Inputs in, Consumer<Check> out) throws CouldNotRun {
        URI proxy = in.proxyUrl();
        ValidatorAnswer identity = http.get(proxy, "/identity", null, Kind.LIBRARY);
        if (identity.shown() == Shown.NO_ANSWER) {
            throw new CouldNotRun("the proxy at " + proxy + " does not answer: " + identity.failure()
                    + " (is Doorman running, and is --proxy-url right?)");
        }
        ValidatorAnswer ownerLibrary = http.get(proxy, SECTIONS, in.ownerToken(), Kind.LIBRARY);
        if (ownerLibrary.shown() == Shown.DENIED && ownerLibrary.status() != 429) {
            throw new CouldNotRun("the owner token was refused through " + proxy + " (HTTP " + ownerLibrary.status()
                    + " for " + SECTIONS + "): use the server owner's token (PlexOnlineToken in PMS's"
                    + " Preferences.xml) [token " + PlexTokens.fingerprint(in.ownerToken()) + "]");
        }
        out.accept(identity.viaDoorman()
                ? Check.pass(IS_DOORMAN, proxy + " answers through Doorman (Via: 1.1 doorman)")
                : Check.fail(IS_DOORMAN, proxy + " answers without Via: 1.1 doorman: it reaches something that is not"
                        + " Doorman — PMS directly?", "give --proxy-url the Doorman proxy (http://127.0.0.1:33240) or"
                        + " the front door that forwards to it"));

        out.accept(deniesLibrary(NO_TOKEN_LIBRARY, "no token", http.get(proxy, SECTIONS, null, Kind.LIBRARY)));
        out.accept(deniesLiveTv(NO_TOKEN_LIVETV, "no token", proxy, null));
        String fake = fakeToken();
        String fakeName = "a random token (" + PlexTokens.fingerprint(fake) + ")";
        out.accept(deniesLibrary(FAKE_TOKEN_LIBRARY, fakeName, http.get(proxy, SECTIONS, fake, Kind.LIBRARY)));
        out.accept(deniesLiveTv(FAKE_TOKEN_LIVETV, fakeName, proxy, fake));

        out.accept(ownerLibrary.reveals()
                ? Check.pass(OWNER_LIBRARY, "the owner token lists " + ownerLibrary.described("section"))
                : Check.fail(OWNER_LIBRARY, "the owner token gets no sections: " + ownerLibrary.described("section"),
                        "check that PMS is up behind the proxy ('doorman health') and has a library"));
        ValidatorAnswer ownerDvrs = http.get(proxy, DVRS, in.ownerToken(), Kind.DVRS);
        ValidatorAnswer ownerProviders = http.get(proxy, PROVIDERS, in.ownerToken(), Kind.LIVE_TV_PROVIDERS);
        out.accept(ownerDvrs.reveals() && ownerProviders.reveals()
                ? Check.pass(OWNER_LIVETV, "the owner token gets Live TV: " + liveTvSummary(ownerDvrs, ownerProviders))
                : Check.fail(OWNER_LIVETV, "the owner token does not get Live TV: "
                        + liveTvSummary(ownerDvrs, ownerProviders),
                        "set up a DVR in Plex (Settings > Live TV & DVR); with one set up, check 'doorman health'"));

        new ValidatorUserChecks(http, in, ownerLibrary).run(out);
        out.accept(WebSocketProbe.probe(proxy, in.ownerToken(), tls, timeout).check(WEBSOCKET, proxy.toString()));
    }

    private static Check deniesLibrary(String id, String who, ValidatorAnswer a) {
        String what = who + " through the proxy: " + SECTIONS + " " + a.described("section");
        return switch (a.shown()) {
            case DENIED, EMPTY -> Check.pass(id, what + " (nothing revealed)");
            case CONTENT -> Check.fail(id, what + ": libraries revealed without a valid token",
                    "the proxy must not lend the owner's token to libraries: run it with -elevate-live-tv, not"
                            + " -elevate-all, and check it is Doorman (see " + IS_DOORMAN + ")");
            case OTHER, NO_ANSWER -> Check.warn(id, what + ": nothing revealed, but not the 401 PMS gives",
                    "check the proxy's and PMS's logs for this request");
        };
    }

    private Check deniesLiveTv(String id, String who, URI proxy, String token) {
        ValidatorAnswer dvrs = http.get(proxy, DVRS, token, Kind.DVRS);
        ValidatorAnswer providers = http.get(proxy, PROVIDERS, token, Kind.LIVE_TV_PROVIDERS);
        String what = who + " through the proxy: " + liveTvSummary(dvrs, providers);
        if (dvrs.reveals() || providers.reveals()) {
            return Check.fail(id, what + ": Live TV revealed without a valid token",
                    "the proxy must lend the owner's token only to verified tokens: check it is Doorman (see "
                            + IS_DOORMAN + ") and that nothing in front of it adds a token");
        }
        if (denied(dvrs) && denied(providers)) {
            return Check.pass(id, what + " (nothing revealed)");
        }
        return Check.warn(id, what + ": nothing revealed, but not the 401 PMS gives",
                "check the proxy's and PMS's logs for these requests");
    }

    static boolean denied(ValidatorAnswer a) {
        return a.shown() == Shown.DENIED || a.shown() == Shown.EMPTY;
    }

    static String liveTvSummary(ValidatorAnswer dvrs, ValidatorAnswer providers) {
        return DVRS + " " + dvrs.described("DVR") + "; " + PROVIDERS + " " + providers.described("Live TV provider");
    }

    /** Shaped like a Plex token (20 URL-safe characters), and from a strong generator so no real one is hit. */
    static String fakeToken() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
