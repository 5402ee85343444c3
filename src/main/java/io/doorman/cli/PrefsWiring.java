package io.doorman.cli;

import io.doorman.checks.PmsFailures;
import io.doorman.config.GoDuration;
import io.doorman.config.LockdownSettings;
import io.doorman.config.Settings;
import io.doorman.plex.PmsClient;
import io.doorman.prefs.PrefsEnforcer;
import io.doorman.prefs.PrefsPolicy;
import io.doorman.prefs.PrefsWatch;
import io.doorman.proxy.StartupException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.stream.Collectors;

/** Starts {@code serve}'s prefs enforcer when it is asked for: a public URL, an owner token, an interval above 0. */
final class PrefsWiring {

    private PrefsWiring() {
    }

    /** The running watch, or null when enforcement is off (a warning says why when the user half asked for it). */
    static PrefsWatch startIfConfigured(Settings s, MeterRegistry registry, PrintStream out, PrintStream err,
            String prefix) throws StartupException {
        LockdownSettings l = s.lockdown();
        if (l.publicUrl() == null || l.prefsInterval().isZero()) {
            return null;
        }
        if (s.liveTv().ownerToken().isEmpty()) {
            err.println(prefix + "warning: prefs: not enforced: the owner token is not set (DOORMAN_OWNER_TOKEN or"
                    + " --owner-token); PMS's preferences are only read with it");
            err.flush();
            return null;
        }
        PrefsPolicy policy = PrefsPolicy.forSettings(l); // checked by ServeCommand before the launch
        PmsClient pms;
        try {
            pms = PmsClient.forSettings(s);
        } catch (GeneralSecurityException | IOException e) {
            throw new StartupException("cannot set up TLS for calls to PMS: " + e.getMessage(), e);
        }
        PrefsEnforcer enforcer = new PrefsEnforcer(pms, s.liveTv().ownerToken().reveal(), PrefsCommand.CALL_TIMEOUT);
        PrefsWatch watch = new PrefsWatch(enforcer, policy, l.prefsInterval(), line -> {
            out.println(line);
            out.flush();
        }, warning -> {
            err.println(prefix + warning);
            err.flush();
        }, t -> PmsFailures.describe(t, s.upstream(), "reading /:/prefs"), registry);
        out.println(prefix + "keeping PMS preferences in policy every " + GoDuration.format(l.prefsInterval())
                + ": " + policy.prefs().stream().map(p -> p.id() + "=" + p.wireValue()).collect(Collectors.joining(", ")));
        out.flush();
        watch.start();
        return watch;
    }
}
