package io.doorman.console.auth;

import io.doorman.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.store.Store;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAuthTest {

    private static final String PASSWORD = "a long enough password";
    private static final String SOURCE = "127.0.0.1";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final SecureRandom random = new SecureRandom();
    /** Cost 4 keeps the many hashes here quick; cost 12 is covered by PasswordHasherTest. */
    private final PasswordHasher hasher = new PasswordHasher(4, random);
    private final List<Object> printed = new ArrayList<>();
    private Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AdminAuth auth() {
        return new AdminAuth(store.admin(), new ConsoleSessions(store.sessions(), clock, random),
                new LoginThrottle(clock), hasher, clock, random);
    }

    private static String cookie(ConsoleSession s) {
        return "theme=dark; doorman_session=" + s.id();
    }

    private ConsoleSession setUp(AdminAuth auth) {
        String code = auth.setupCode().orElseThrow().reveal();
        SetupOutcome out = auth.setup(code, PASSWORD, SOURCE);
        printed.add(out);
        return ((SetupOutcome.Ok) out).session();
    }

    @Test
    void beforeSetupTheStatusAsksForSetupAndACodeIsOffered() {
        AdminAuth auth = auth();
        AuthStatus status = auth.status(null);
        assertThat(status).isEqualTo(new AuthStatus(false, "", true));
        assertThat(auth.setupCode()).isPresent();
        assertThat(auth.setupCode().get().consoleLine()).startsWith("console setup code: ");
    }

    @Test
    void setupOutcomes() {
        AdminAuth auth = auth();
        String code = auth.setupCode().orElseThrow().reveal();

        SetupOutcome wrongCode = auth.setup("ZZZZ-ZZZZ-ZZZZ-ZZZZ", PASSWORD, SOURCE);
        SetupOutcome noCode = auth.setup(null, PASSWORD, SOURCE);
        SetupOutcome badPassword = auth.setup(code, "short", SOURCE);
        SetupOutcome tooLong = auth.setup(code, "x".repeat(73), SOURCE);
        printed.addAll(List.of(wrongCode, noCode, badPassword, tooLong));

        assertThat(wrongCode).isInstanceOf(SetupOutcome.WrongCode.class);
        assertThat(wrongCode.status()).isEqualTo(403);
        assertThat(noCode).isInstanceOf(SetupOutcome.WrongCode.class);
        assertThat(badPassword).isInstanceOfSatisfying(SetupOutcome.BadPassword.class, b -> {
            assertThat(b.field()).isEqualTo("password");
            assertThat(b.message()).contains("12 to 72 bytes");
        });
        assertThat(badPassword.status()).isEqualTo(400);
        assertThat(tooLong).isInstanceOf(SetupOutcome.BadPassword.class);
        assertThat(store.admin().setupDone()).as("nothing set up by a failed attempt").isFalse();

        SetupOutcome ok = auth.setup(code.toLowerCase(), PASSWORD, SOURCE);
        printed.add(ok);
        assertThat(ok).isInstanceOf(SetupOutcome.Ok.class);
        assertThat(ok.status()).isEqualTo(200);
        ConsoleSession session = ((SetupOutcome.Ok) ok).session();
        assertThat(auth.status(cookie(session))).isEqualTo(new AuthStatus(true, session.csrfToken(), false));
        assertThat(auth.setupCode()).as("used once").isEmpty();

        SetupOutcome again = auth.setup(code, PASSWORD, SOURCE);
        printed.add(again);
        assertThat(again).isInstanceOf(SetupOutcome.AlreadySetUp.class);
        assertThat(again.status()).isEqualTo(409);
        assertThat(auth().setupCode()).as("no code after a restart once set up").isEmpty();
        assertNothingPrintedLeaks(code, session);
    }

    @Test
    void loginOutcomesAndTheThrottle() {
        AdminAuth auth = auth();
        setUp(auth);

        LoginOutcome ok = auth.login(PASSWORD, SOURCE);
        assertThat(ok).isInstanceOf(LoginOutcome.Ok.class);
        assertThat(ok.status()).isEqualTo(200);
        ConsoleSession session = ((LoginOutcome.Ok) ok).session();
        assertThat(auth.status(cookie(session)).authenticated()).isTrue();

        for (int i = 0; i < 5; i++) {
            LoginOutcome wrong = auth.login("not the password at all", SOURCE);
            printed.add(wrong);
            assertThat(wrong).as("attempt %d", i + 1).isInstanceOf(LoginOutcome.Wrong.class);
            assertThat(wrong.status()).isEqualTo(401);
        }
        LoginOutcome throttled = auth.login(PASSWORD, SOURCE);
        printed.add(throttled);
        assertThat(throttled).isEqualTo(new LoginOutcome.Throttled(300));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(auth.login(PASSWORD, "192.0.2.9")).as("another address").isInstanceOf(LoginOutcome.Ok.class);

        clock.advance(Duration.ofMinutes(5));
        assertThat(auth.login(PASSWORD, SOURCE)).isInstanceOf(LoginOutcome.Ok.class);
        assertNothingPrintedLeaks(null, session);
    }

    @Test
    void aLoginWithoutAnAdminIsWrongAndStillPaysForABcryptCheck() {
        AdminAuth auth = auth();
        long before = hasher.bcryptChecks();

        LoginOutcome out = auth.login(PASSWORD, SOURCE);

        assertThat(out).isInstanceOf(LoginOutcome.Wrong.class);
        assertThat(hasher.bcryptChecks()).isEqualTo(before + 1);
    }

    @Test
    void aWrongPasswordWithAnAdminAlsoRunsOneBcryptCheck() {
        AdminAuth auth = auth();
        setUp(auth);
        long before = hasher.bcryptChecks();

        assertThat(auth.login("not the password at all", SOURCE)).isInstanceOf(LoginOutcome.Wrong.class);
        assertThat(hasher.bcryptChecks()).isEqualTo(before + 1);
    }

    @Test
    void authorizeNeedsASessionAndCsrfForStateChangingMethods() {
        AdminAuth auth = auth();
        ConsoleSession s = setUp(auth);
        String c = cookie(s);

        assertThat(auth.authorize(c, "GET", null)).isEqualTo(new Authorization.Ok(s));
        assertThat(auth.authorize(null, "GET", null)).isEqualTo(new Authorization.NoSession(401));
        assertThat(auth.authorize("doorman_session=" + "A".repeat(43), "GET", null).status()).isEqualTo(401);
        assertThat(auth.authorize(null, "POST", s.csrfToken())).isEqualTo(new Authorization.NoSession(403));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "delete")) {
            assertThat(auth.authorize(c, method, null)).as(method).isInstanceOf(Authorization.BadCsrf.class);
            assertThat(auth.authorize(c, method, "wrong")).as(method).isInstanceOf(Authorization.BadCsrf.class);
            assertThat(auth.authorize(c, method, s.csrfToken())).as(method).isInstanceOf(Authorization.Ok.class);
        }
        assertThat(new Authorization.BadCsrf().status()).isEqualTo(403);
    }

    @Test
    void logoutEndsTheSession() {
        AdminAuth auth = auth();
        ConsoleSession s = setUp(auth);
        auth.logout(cookie(s));
        assertThat(auth.status(cookie(s))).isEqualTo(new AuthStatus(false, "", false));
        assertThat(auth.authorize(cookie(s), "GET", null)).isInstanceOf(Authorization.NoSession.class);
        auth.logout(null);
    }

    @Test
    void concurrentSetupsWithTheRightCodeCreateOneAdmin() throws Exception {
        AdminAuth auth = auth();
        String code = auth.setupCode().orElseThrow().reveal();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<SetupOutcome> outcomes = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<SetupOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> auth.setup(code, PASSWORD, SOURCE)));
            }
            for (var f : futures) {
                outcomes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).filteredOn(o -> o instanceof SetupOutcome.Ok).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof SetupOutcome.AlreadySetUp).hasSize(3);
    }

    @Test
    void sessionsSurviveARestartOfTheConsole() {
        ConsoleSession s = setUp(auth());
        assertThat(auth().status(cookie(s)).authenticated()).isTrue();
    }

    private void assertNothingPrintedLeaks(String code, ConsoleSession session) {
        for (Object o : printed) {
            String text = o.toString();
            assertThat(text).doesNotContain(PASSWORD).doesNotContain("not the password").doesNotContain(session.id())
                    .doesNotContain(session.csrfToken());
            if (code != null) {
                assertThat(text).doesNotContain(code).doesNotContain(code.replace("-", ""));
            }
            if (o instanceof SetupOutcome.BadPassword b) {
                assertThat(b.message()).doesNotContain("short").doesNotContain("xxxxxxxx");
            }
        }
        assertThat(printed).isNotEmpty();
    }
}
