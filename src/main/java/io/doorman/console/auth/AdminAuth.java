package io.doorman.console.auth;

import io.doorman.store.AdminAccount;
import io.doorman.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's admin access, as the API calls it: session status, the one-time setup, login (throttled per
 * address), logout and the per-request check (session, and CSRF header for state-changing methods). Plain
 * values in and out; {@code cookieHeader} arguments are the request's whole {@code Cookie} header (or null).
 */
public final class AdminAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AdminAccount admin;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random;
    private final SetupCode setupCode;
    private final ReentrantLock setupLock = new ReentrantLock();
    private volatile String dummyHash;

    /** Production wiring over the store, the system clock and a fresh {@link SecureRandom}. */
    public AdminAuth(Store store) {
        this(store, Clock.systemUTC(), new SecureRandom());
    }

    public AdminAuth(Store store, Clock clock, SecureRandom random) {
        this(store.admin(), new ConsoleSessions(store.sessions(), clock, random), new LoginThrottle(clock),
                new PasswordHasher(random), clock, random);
    }

    AdminAuth(AdminAccount admin, ConsoleSessions sessions, LoginThrottle throttle, PasswordHasher hasher,
            Clock clock, SecureRandom random) {
        this.admin = admin;
        this.sessions = sessions;
        this.throttle = throttle;
        this.hasher = hasher;
        this.clock = clock;
        this.random = random;
        this.setupCode = admin.setupDone() ? null : SetupCode.generate(random);
    }

    /**
     * The setup code to print ({@link SetupCode#consoleLine()}, one line on stdout) when no admin existed at
     * start; empty once set up. A code exists only in this process: a restart before setup prints a new one.
     */
    public Optional<SetupCode> setupCode() {
        return setupCode == null || setupCode.used() ? Optional.empty() : Optional.of(setupCode);
    }

    /** {@code GET /api/session}. */
    public AuthStatus status(String cookieHeader) {
        boolean setupRequired = !admin.setupDone();
        return session(cookieHeader)
                .map(s -> new AuthStatus(true, s.csrfToken(), setupRequired))
                .orElseGet(() -> new AuthStatus(false, "", setupRequired));
    }

    /** {@code POST /api/setup}: creates the admin once, with the code printed on stdout, and logs in. */
    public SetupOutcome setup(String code, String password, String source) {
        if (admin.setupDone()) {
            return new SetupOutcome.AlreadySetUp();
        }
        setupLock.lock();
        try {
            if (admin.setupDone()) {
                return new SetupOutcome.AlreadySetUp();
            }
            if (setupCode == null || !setupCode.matches(code)) {
                return new SetupOutcome.WrongCode();
            }
            char[] pw = chars(password);
            String hash;
            try {
                hash = hasher.hash(pw);
            } catch (PasswordRuleException e) {
                return new SetupOutcome.BadPassword(e.getMessage());
            }
            if (!admin.createIfAbsent(hash, clock.instant())) {
                return new SetupOutcome.AlreadySetUp();
            }
            setupCode.invalidate();
            LOG.info("console admin set up from {}", source);
            return new SetupOutcome.Ok(sessions.create());
        } finally {
            setupLock.unlock();
        }
    }

    /** {@code POST /api/login}. */
    public LoginOutcome login(String password, String source) {
        if (throttle.attempt(source) instanceof LoginThrottle.Verdict.Refused r) {
            return new LoginOutcome.Throttled(r.retryAfterSeconds());
        }
        Optional<String> hash = admin.passwordHash();
        // Without an admin, check against a throwaway hash all the same, so the answer takes as long.
        boolean matches = hasher.matches(chars(password), hash.orElseGet(this::dummyHash));
        if (!matches || hash.isEmpty()) {
            LOG.info("console login: wrong password from {}", source);
            return new LoginOutcome.Wrong();
        }
        throttle.succeeded(source);
        return new LoginOutcome.Ok(sessions.create());
    }

    /** {@code POST /api/logout}: ends the session, if any (the caller then sends the clearing cookie). */
    public void logout(String cookieHeader) {
        ConsoleSessions.sessionIdFromCookieHeader(cookieHeader).ifPresent(sessions::logout);
    }

    /**
     * Every other {@code /api/} request: needs a live session, and for POST/PUT/PATCH/DELETE also
     * {@code X-CSRF-Token} equal to the session's token.
     */
    public Authorization authorize(String cookieHeader, String method, String csrfHeader) {
        boolean stateChanging = method != null && STATE_CHANGING.contains(method.toUpperCase(Locale.ROOT));
        Optional<ConsoleSession> session = session(cookieHeader);
        if (session.isEmpty()) {
            return new Authorization.NoSession(stateChanging ? 403 : 401);
        }
        if (stateChanging && !ConsoleSessions.csrfMatches(session.get(), csrfHeader)) {
            return new Authorization.BadCsrf();
        }
        return new Authorization.Ok(session.get());
    }

    private Optional<ConsoleSession> session(String cookieHeader) {
        return ConsoleSessions.sessionIdFromCookieHeader(cookieHeader).flatMap(sessions::find);
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            byte[] throwaway = new byte[24];
            random.nextBytes(throwaway);
            h = hasher.hash(java.util.Base64.getEncoder().encodeToString(throwaway).toCharArray());
            dummyHash = h;
        }
        return h;
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }
}
