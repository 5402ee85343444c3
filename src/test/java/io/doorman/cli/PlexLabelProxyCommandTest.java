package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.HostPort;
import io.doorman.config.LiveTvSettings;
import io.doorman.config.PlexLabelProxyFlags;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlexLabelProxyCommandTest {

    private static final String OWNER = "ownerTOKENq1w2e3";
    private static final String USER = "plexTOKENz9x8c7";

    /** The runbook's /etc/iptvtunerr/plex-live-tv-proxy.env. */
    private static final Map<String, String> RUNBOOK_ENV = Map.of(
            "IPTV_TUNERR_PMS_TOKEN", OWNER,
            "IPTV_TUNERR_PMS_OWNER_TOKEN", OWNER,
            "IPTV_TUNERR_PMS_URL", "http://127.0.0.1:32400",
            "IPTV_TUNERR_PLEX_LABEL_PROXY_LISTEN", "127.0.0.1:33240");

    @TempDir
    Path cwd;

    private CliRun run(Map<String, String> env, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "plex-label-proxy";
        System.arraycopy(args, 0, full, 1, args.length);
        return CliRun.run(env, cwd, full).showsNone(OWNER, USER);
    }

    @Test
    void runbookCommandLineStartsWithEveryModeItAsks() {
        CliRun r = run(RUNBOOK_ENV, "-listen", "127.0.0.1:33240", "-upstream", "http://127.0.0.1:32400",
                "-elevate-live-tv", "-neutralize-owner-history", "-refresh-seconds", "30");
        assertThat(r.code()).isZero();
        assertThat(r.err().lines()).as("every flag of the runbook is implemented: no notice").isEmpty();
        LaunchPlan plan = r.plan();
        assertThat(plan.prefix()).isEqualTo("plex-label-proxy");
        assertThat(plan.settings().listen()).isEqualTo(new HostPort("127.0.0.1", 33240));
        assertThat(plan.settings().upstream()).isEqualTo(URI.create("http://127.0.0.1:32400"));
        assertThat(plan.settings().liveTv().ownerToken().reveal()).isEqualTo(OWNER);
        assertThat(plan.settings().liveTv().refreshSeconds()).isEqualTo(30);
        assertThat(plan.settings().liveTv().neutralizeOwnerHistory()).isTrue();
        assertThat(plan.modeNote())
                .isEqualTo("; mode=elevate-live-tv provider-labels neutralize-owner-history");
    }

    @Test
    void runbookTunablesAreAcceptedAndEachNamedOnce() {
        Map<String, String> env = new HashMap<>(RUNBOOK_ENV);
        env.put("IPTV_TUNERR_PROXY_ABUSE_THRESHOLD", "5");
        env.put("IPTV_TUNERR_PROXY_ABUSE_WINDOW", "5m");
        env.put("IPTV_TUNERR_PROXY_ABUSE_BLOCK_DURATION", "30m");
        env.put("IPTV_TUNERR_PROXY_ABUSE_STATE_FILE", "/var/lib/iptvtunerr/plex-live-tv-proxy-blocks.json");
        env.put("IPTV_TUNERR_PROXY_BAD_AUTH_COOLDOWN", "-1s");
        env.put("IPTV_TUNERR_PROXY_AUDIT_SUMMARY_INTERVAL", "-1s");
        CliRun r = run(env, "-abuse-block-window=10m");
        assertThat(r.code()).isZero();
        assertThat(r.err().lines()).as("the abuse tunables are implemented: no notice").isEmpty();
        LiveTvSettings live = r.plan().settings().liveTv();
        assertThat(live.abuseBlockWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(live.badAuthCooldown()).isEqualTo(Duration.ofSeconds(-1));
        assertThat(r.plan().modeNote()).as("the label proxy always relabels providers")
                .isEqualTo("; mode=pass-through provider-labels");
    }

    @Test
    void goFlagFormsWorkThroughMain() {
        CliRun r = run(Map.of("PLEX_TOKEN", USER), "--listen=127.0.0.1:5", "-plex-url=http://pms:32400",
                "--elevate-all=false", "-token", USER);
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.plan().settings().upstream()).isEqualTo(URI.create("http://pms:32400"));
        assertThat(r.plan().settings().listen().port()).isEqualTo(5);
    }

    @Test
    void doormanVariablesStillApply() {
        Map<String, String> env = new HashMap<>(RUNBOOK_ENV);
        env.put("DOORMAN_ADMIN_LISTEN", "off");
        env.put("DOORMAN_DRAIN_TIMEOUT", "3s");
        CliRun r = run(env);
        assertThat(r.plan().settings().adminListen()).isNull();
        assertThat(r.plan().settings().drainTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(run(Map.of("DOORMAN_IO_THREADS", "x", "PLEX_HOST", "h", "PLEX_TOKEN", USER)).failsWith(2).err())
                .startsWith("plex-label-proxy: DOORMAN_IO_THREADS: ");
    }

    @Test
    void malformedEnvDurationNamesTheVariableAndExitsTwo() {
        Map<String, String> env = new HashMap<>(RUNBOOK_ENV);
        env.put("IPTV_TUNERR_PROXY_ABUSE_WINDOW", "five");
        assertThat(run(env).failsWith(2).err()).isEqualTo("plex-label-proxy: IPTV_TUNERR_PROXY_ABUSE_WINDOW: "
                + "'five' is not a duration (examples: 90s, 5m, 1h30m, -1s)\n");
    }

    @Test
    void missingUpstreamOrTokenExitsOneNamingWhatIsMissing() {
        assertThat(run(Map.of("PLEX_TOKEN", USER)).failsWith(1).err())
                .isEqualTo("plex-label-proxy: missing PMS URL: set -upstream, IPTV_TUNERR_PMS_URL or PLEX_HOST\n");
        assertThat(run(Map.of("PLEX_HOST", "10.0.0.2")).failsWith(1).err())
                .isEqualTo("plex-label-proxy: missing PMS token: set -token, IPTV_TUNERR_PMS_TOKEN or PLEX_TOKEN\n");
    }

    @Test
    void commandLineMistakesExitTwo() {
        assertThat(run(RUNBOOK_ENV, "-bogus=" + OWNER).failsWith(2).err()).isEqualTo(
                "plex-label-proxy: flag provided but not defined: -bogus (see 'doorman help plex-label-proxy')\n");
        assertThat(run(RUNBOOK_ENV, "-elevate-live-tv", "false").failsWith(2).err())
                .contains("unexpected argument 'false' at position 2").contains("-flag=false");
        assertThat(run(RUNBOOK_ENV, "-listen", "127.0.0.1:1", OWNER).failsWith(2).err())
                .contains("unexpected argument at position 3");
        assertThat(run(RUNBOOK_ENV, "-refresh-seconds", "often").failsWith(2).err())
                .isEqualTo("plex-label-proxy: -refresh-seconds: 'often' is not a whole number\n");
        run(RUNBOOK_ENV, "-token").failsWith(2);
    }

    @Test
    void helpListsEveryGoFlagAndVariable() {
        CliRun help = CliRun.run(Map.of(), cwd, "help", "plex-label-proxy");
        assertThat(help.code()).isZero();
        assertThat(run(Map.of(), "-h").out()).isEqualTo(help.out());
        PlexLabelProxyFlags.ALL.forEach(f -> {
            assertThat(help.out()).contains("-" + f.name());
            f.envs().forEach(e -> assertThat(help.out()).contains(e));
        });
        assertThat(help.out()).contains("PLEX_HOST").contains("-plex-url");
    }
}
