package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.plex.PlexTokens;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.DoormanProxies;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.LiveTvAccess;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Validator} through the real proxy in front of a fake PMS that guards Live TV as real PMS does. */
class ValidatorTest {

    static final String OWNER = "ownerTOKENvalidator1";
    static final String USER = "userTOKENvalidator2";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    FakePms pms;
    ProxyServer proxy;
    final List<String> lines = new CopyOnWriteArrayList<>();

    /** A fake with the owner and one shared user who is shared only the Movies section. */
    void start(LiveTvAccess access, Mode mode) throws Exception {
        pms = FakePms.start();
        pms.addToken(OWNER);
        pms.ownerToken(OWNER);
        pms.sharedUser(USER, Set.of("1"));
        pms.liveTvAccess(access);
        proxy = DoormanProxies.start(pms, OWNER, mode, lines::add);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.shutdown(Duration.ofSeconds(1));
        }
        if (pms != null) {
            pms.close();
        }
        assertThat(DoormanProxies.joined(lines)).doesNotContain(OWNER).doesNotContain(USER);
    }

    Map<String, Check> run(String user, URI direct) throws CouldNotRun {
        return run(DoormanProxies.baseUri(proxy), user, direct);
    }

    Map<String, Check> run(URI through, String user, URI direct) throws CouldNotRun {
        List<Check> checks = new Validator(null, TIMEOUT).run(new Validator.Inputs(through, OWNER, user, direct));
        Map<String, Check> byId = new LinkedHashMap<>();
        for (Check c : checks) {
            assertThat(c.summary() + c.fix()).doesNotContain(OWNER).doesNotContain(USER);
            if (c.status() == Status.FAIL || c.status() == Status.WARN) {
                assertThat(c.fix()).as("a fix for %s", c.id()).isNotBlank();
            }
            assertThat(byId.put(c.id(), c)).as("one check per id").isNull();
        }
        return byId;
    }

    static Status status(Map<String, Check> checks, String id) {
        assertThat(checks).containsKey(id);
        return checks.get(id).status();
    }

    @ParameterizedTest
    @EnumSource(value = LiveTvAccess.class, names = {"SHARED_USER_FORBIDDEN", "SHARED_USER_EMPTY"})
    void theRunbooksSetUpPassesEveryCheck(LiveTvAccess access) throws Exception {
        start(access, Mode.ELEVATE_LIVE_TV);
        Map<String, Check> checks = run(USER, pms.baseUri());
        assertThat(checks.keySet()).containsExactly(Validator.IS_DOORMAN, Validator.NO_TOKEN_LIBRARY,
                Validator.NO_TOKEN_LIVETV, Validator.FAKE_TOKEN_LIBRARY, Validator.FAKE_TOKEN_LIVETV,
                Validator.OWNER_LIBRARY, Validator.OWNER_LIVETV, Validator.USER_LIVETV, Validator.USER_LIBRARY_SCOPED,
                Validator.DIRECT_USER_LIVETV_HIDDEN, Validator.WEBSOCKET);
        assertThat(checks.values()).allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Status.PASS));
        assertThat(checks.get(Validator.FAKE_TOKEN_LIVETV).summary()).containsPattern("sha256:[0-9a-f]{16}");
        assertThat(checks.get(Validator.USER_LIBRARY_SCOPED).summary()).contains("same sections direct PMS shows");
        assertThat(checks.get(Validator.DIRECT_USER_LIVETV_HIDDEN).summary())
                .contains(access == LiveTvAccess.SHARED_USER_FORBIDDEN ? "HTTP 403" : "HTTP 200, 0 DVRs");
    }

    @Test
    void withoutAUserTokenTheUserChecksAreSkippedAndWithoutDirectPmsTheOwnersSectionsAreTheYardstick()
            throws Exception {
        start(LiveTvAccess.SHARED_USER_EMPTY, Mode.ELEVATE_LIVE_TV);
        Map<String, Check> none = run(null, pms.baseUri());
        assertThat(List.of(Validator.USER_LIVETV, Validator.USER_LIBRARY_SCOPED, Validator.DIRECT_USER_LIVETV_HIDDEN))
                .allSatisfy(id -> {
                    assertThat(status(none, id)).isEqualTo(Status.SKIP);
                    assertThat(none.get(id).summary()).contains("--user-token", "DOORMAN_USER_TOKEN");
                });
        Map<String, Check> noDirect = run(USER, null);
        assertThat(status(noDirect, Validator.USER_LIBRARY_SCOPED)).isEqualTo(Status.PASS);
        assertThat(noDirect.get(Validator.USER_LIBRARY_SCOPED).summary()).contains("fewer than the owner's 2");
        assertThat(status(noDirect, Validator.DIRECT_USER_LIVETV_HIDDEN)).isEqualTo(Status.SKIP);
    }

    @Test
    void directPmsThatDoesNotAnswerIsSkippedNotPassed() throws Exception {
        start(LiveTvAccess.SHARED_USER_FORBIDDEN, Mode.ELEVATE_LIVE_TV);
        Map<String, Check> checks = run(USER, URI.create("http://127.0.0.1:" + FreePorts.next()));
        assertThat(status(checks, Validator.DIRECT_USER_LIVETV_HIDDEN)).isEqualTo(Status.SKIP);
        assertThat(checks.get(Validator.DIRECT_USER_LIVETV_HIDDEN).summary()).contains("not reachable");
        assertThat(status(checks, Validator.USER_LIBRARY_SCOPED)).isEqualTo(Status.PASS);
    }

    @Test
    void aProxyThatLendsTheOwnersTokenToLibrariesFailsTheScopeCheck() throws Exception {
        start(LiveTvAccess.SHARED_USER_FORBIDDEN, Mode.ELEVATE_ALL);
        Map<String, Check> checks = run(USER, pms.baseUri());
        assertThat(status(checks, Validator.USER_LIBRARY_SCOPED)).isEqualTo(Status.FAIL);
        assertThat(checks.get(Validator.USER_LIBRARY_SCOPED).fix()).contains("-elevate-live-tv, not -elevate-all");
        Map<String, Check> noDirect = run(USER, null);
        assertThat(status(noDirect, Validator.USER_LIBRARY_SCOPED)).as("cannot tell without direct PMS")
                .isEqualTo(Status.WARN);
    }

    @Test
    void withoutElevationTheUserGetsNoLiveTv() throws Exception {
        start(LiveTvAccess.SHARED_USER_FORBIDDEN, Mode.PASS_THROUGH);
        Map<String, Check> checks = run(USER, pms.baseUri());
        assertThat(status(checks, Validator.USER_LIVETV)).isEqualTo(Status.FAIL);
        assertThat(checks.get(Validator.USER_LIVETV).summary()).contains("HTTP 403");
        assertThat(status(checks, Validator.OWNER_LIVETV)).isEqualTo(Status.PASS);
        assertThat(status(checks, Validator.DIRECT_USER_LIVETV_HIDDEN)).isEqualTo(Status.PASS);
    }

    @Test
    void liveTvOpenToAnyTokenFailsTheFakeAndMissingTokenChecks() throws Exception {
        start(LiveTvAccess.OPEN, Mode.ELEVATE_LIVE_TV);
        Map<String, Check> checks = run(USER, pms.baseUri());
        assertThat(status(checks, Validator.NO_TOKEN_LIVETV)).isEqualTo(Status.FAIL);
        assertThat(status(checks, Validator.FAKE_TOKEN_LIVETV)).isEqualTo(Status.FAIL);
        assertThat(status(checks, Validator.NO_TOKEN_LIBRARY)).isEqualTo(Status.PASS);
        assertThat(status(checks, Validator.DIRECT_USER_LIVETV_HIDDEN)).as("the user sees DVRs directly: unproven")
                .isEqualTo(Status.WARN);
    }

    @Test
    void librariesOpenToAnyTokenFailTheLibraryChecks() throws Exception {
        pms = FakePms.start(); // no token known: /library/sections answers everyone
        pms.ownerToken(OWNER);
        pms.liveTvAccess(LiveTvAccess.SHARED_USER_FORBIDDEN);
        proxy = DoormanProxies.start(pms, OWNER, Mode.ELEVATE_LIVE_TV, lines::add);
        Map<String, Check> checks = run(null, pms.baseUri());
        assertThat(status(checks, Validator.NO_TOKEN_LIBRARY)).isEqualTo(Status.FAIL);
        assertThat(status(checks, Validator.FAKE_TOKEN_LIBRARY)).isEqualTo(Status.FAIL);
        assertThat(status(checks, Validator.OWNER_LIBRARY)).isEqualTo(Status.PASS);
    }

    @Test
    void pmsItselfAsTheProxyUrlIsNotDoorman() throws Exception {
        start(LiveTvAccess.SHARED_USER_FORBIDDEN, Mode.ELEVATE_LIVE_TV);
        Map<String, Check> checks = run(pms.baseUri(), USER, pms.baseUri());
        assertThat(status(checks, Validator.IS_DOORMAN)).isEqualTo(Status.FAIL);
        assertThat(checks.get(Validator.IS_DOORMAN).summary()).contains("PMS directly?");
        assertThat(status(checks, Validator.USER_LIVETV)).isEqualTo(Status.FAIL);
        assertThat(status(checks, Validator.IS_DOORMAN)).isEqualTo(Status.FAIL);
    }

    @Test
    void aRefusedWebSocketUpgradeFailsAndEmptyOwnerLiveTvFails() throws Exception {
        start(LiveTvAccess.SHARED_USER_FORBIDDEN, Mode.ELEVATE_LIVE_TV);
        pms.script(WebSocketProbe.PATH, 404, List.of(), "no".getBytes());
        pms.dvrsXml("<MediaContainer size=\"0\"></MediaContainer>");
        Map<String, Check> checks = run(USER, pms.baseUri());
        assertThat(status(checks, Validator.WEBSOCKET)).isEqualTo(Status.FAIL);
        assertThat(checks.get(Validator.WEBSOCKET).summary()).contains("HTTP 404 instead of 101");
        assertThat(status(checks, Validator.OWNER_LIVETV)).isEqualTo(Status.FAIL);
        assertThat(checks.get(Validator.OWNER_LIVETV).summary()).contains("0 DVRs");
    }

    @Test
    void anUnreachableProxyOrARefusedOwnerTokenCannotRun() throws Exception {
        start(LiveTvAccess.SHARED_USER_FORBIDDEN, Mode.ELEVATE_LIVE_TV);
        Validator v = new Validator(null, TIMEOUT);
        URI closed = URI.create("http://127.0.0.1:" + FreePorts.next());
        assertThatThrownBy(() -> v.run(new Validator.Inputs(closed, OWNER, null, null)))
                .isInstanceOf(CouldNotRun.class).hasMessageContaining("does not answer")
                .hasMessageContaining("connection refused").hasMessageNotContaining(OWNER);
        String wrong = "wrongOWNERtoken3";
        assertThatThrownBy(() -> v.run(new Validator.Inputs(DoormanProxies.baseUri(proxy), wrong, null, null)))
                .isInstanceOf(CouldNotRun.class).hasMessageContaining("HTTP 401")
                .hasMessageContaining(PlexTokens.fingerprint(wrong)).hasMessageNotContaining(wrong);
    }
}
