package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.RestartCommand.Outcome;
import io.doorman.config.GoDuration;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The runbook's repair after a failed health run: an origin failure restarts the proxy, waits, then restarts the
 * tunnel; a tunnel or public-path failure restarts the tunnel only. Each command's result is a check
 * ({@value FrontendHealth#RESTART_PROXY}, {@value FrontendHealth#RESTART_TUNNEL}).
 *
 * @param proxy   restarts the local proxy (the origin), e.g. {@code systemctl restart doorman.service}
 * @param tunnel  restarts cloudflared, e.g. {@code systemctl restart cloudflared-media.service}
 * @param pause   the pause between the proxy's restart and the tunnel's, so the origin is up when the tunnel
 *                reconnects
 * @param limit   how long each command may run before it is killed
 * @param enabled whether to run anything ({@code --restart}); when off, only {@link #advice} is used
 */
public record FrontendRestarts(RestartCommand proxy, RestartCommand tunnel, Duration pause, Duration limit,
        boolean enabled) {

    public static final RestartCommand DEFAULT_PROXY = RestartCommand.parse("systemctl restart doorman.service");
    public static final RestartCommand DEFAULT_TUNNEL =
            RestartCommand.parse("systemctl restart cloudflared-media.service");
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(90);

    /** What a restart does about a failure, for its fix: what was run, or what {@code --restart} would run. */
    public String advice(boolean originFailed) {
        if (enabled) {
            return originFailed ? "restarted: see " + FrontendHealth.RESTART_PROXY + " and "
                    + FrontendHealth.RESTART_TUNNEL : "restarted: see " + FrontendHealth.RESTART_TUNNEL;
        }
        return "--restart would run '" + (originFailed ? proxy.shown() + "', wait " + GoDuration.format(pause)
                + ", then '" : "") + tunnel.shown() + "'";
    }

    /** Runs what the failures call for, in the runbook's order, reporting both commands (run or not). */
    public void run(boolean originFailed, boolean tunnelOrPublicFailed, Consumer<Check> out) {
        if (originFailed) {
            out.accept(result(FrontendHealth.RESTART_PROXY, proxy, proxy.run(limit)));
            // Without a pause the tunnel reconnects before the origin listens again.
            sleepBetweenRestarts();
            out.accept(result(FrontendHealth.RESTART_TUNNEL, tunnel, tunnel.run(limit)));
            return;
        }
        out.accept(Check.skip(FrontendHealth.RESTART_PROXY, "not run: the origin answered"));
        if (tunnelOrPublicFailed) {
            out.accept(result(FrontendHealth.RESTART_TUNNEL, tunnel, tunnel.run(limit)));
        } else {
            out.accept(Check.skip(FrontendHealth.RESTART_TUNNEL, "not run: the tunnel and public path are healthy"));
        }
    }

    private void sleepBetweenRestarts() {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Check result(String id, RestartCommand cmd, Outcome outcome) {
        String ran = "'" + cmd.shown() + "'";
        return switch (outcome) {
            case Outcome.Exited e when e.status() == 0 -> Check.pass(id, ran + " exited 0" + tail(e.lastLine()));
            case Outcome.Exited e -> Check.fail(id, ran + " exited " + e.status() + tail(e.lastLine()),
                    "run it by hand to see why (for systemctl: journalctl -u <unit> -n 50), or fix the command given"
                            + " to " + flag(id));
            case Outcome.TimedOut t -> Check.fail(id, ran + " did not finish within " + GoDuration.format(t.limit())
                    + " and was killed" + tail(t.lastLine()), "raise --restart-timeout or look at why the unit"
                            + " is slow to stop or start");
            case Outcome.NotStarted n -> Check.fail(id, ran + " could not start: " + n.why(), "fix " + flag(id));
        };
    }

    private static String flag(String id) {
        return id.equals(FrontendHealth.RESTART_PROXY) ? "--restart-proxy-cmd" : "--restart-tunnel-cmd";
    }

    private static String tail(String lastLine) {
        return lastLine.isEmpty() ? "" : ": " + lastLine;
    }
}
