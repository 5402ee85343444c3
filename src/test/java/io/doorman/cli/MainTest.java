package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.HostPort;
import io.doorman.config.Settings;
import io.doorman.config.SettingsTable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @TempDir
    Path cwd;

    private CliRun run(String... args) {
        return CliRun.run(Map.of(), cwd, args);
    }

    private CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(env, cwd, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionIsOneLine(String flag) {
        CliRun r = run(flag);
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("doorman \\S+\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        run().failsWith(2);
        assertThat(run().err()).contains("missing command").contains("doorman help");
    }

    @Test
    void unknownCommandIsNamed() {
        CliRun r = run("frobnicate").failsWith(2);
        assertThat(r.err()).isEqualTo("doorman: unknown command 'frobnicate' (commands: serve, plex-label-proxy, prefs, validate, doctor, health, host, frontend, cloudflare, help)\n");
        run("help", "frobnicate").failsWith(2);
        assertThat(run("--frob").failsWith(2).err()).contains("unknown flag '--frob'");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "host | add, list, show or remove | add | --domain",
        "prefs | check or enforce | enforce | --pms-url",
        "cloudflare | ensure | ensure | --cloudflared-dir"})
    void aGroupWithoutItsSubcommandSaysWhichThereAreAndHelpGoesToTheRightLevel(String group, String choices,
            String sub, String subFlag) {
        assertThat(run(group).failsWith(2).err()).isEqualTo("doorman " + group + ": missing subcommand (" + choices
                + "; see 'doorman help " + group + "')\n");
        CliRun groupHelp = run(group, "--help");
        assertThat(groupHelp.code()).isZero();
        assertThat(groupHelp.out()).contains(sub).doesNotContain(subFlag);
        CliRun subHelp = run(group, sub, "--help");
        assertThat(subHelp.code()).isZero();
        assertThat(subHelp.out()).contains(subFlag);
    }

    @Test
    void topLevelHelpListsCommands() {
        for (CliRun r : new CliRun[] {run("help"), run("--help"), run("-h")}) {
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("serve").contains("plex-label-proxy").contains("help");
        }
    }

    @Test
    void serveHelpListsEveryFlagWithEnvAndDefault() {
        CliRun help = run("help", "serve");
        assertThat(help.code()).isZero();
        assertThat(run("serve", "--help").out()).isEqualTo(help.out());
        SettingsTable.ALL.forEach(d -> assertThat(help.out()).contains(d.flagName()).contains(d.envName()));
        assertThat(help.out()).contains("Default: 127.0.0.1:33240").contains("--config").contains("DOORMAN_CONFIG");
    }

    @Test
    void unknownServeFlagNamesItAndPointsToHelp() {
        CliRun r = run("serve", "--bogus").failsWith(2);
        assertThat(r.err()).isEqualTo("doorman: unknown flag '--bogus' (see 'doorman help serve')\n");
        run("serve", "--bogus=SECRETtok").failsWith(2).showsNone("SECRETtok");
    }

    @Test
    void aSubcommandHasItsOwnHelpAndItsErrorsPointThere() {
        CliRun help = run("help", "prefs", "check");
        assertThat(help.code()).isZero();
        assertThat(help.out()).isEqualTo(run("prefs", "check", "--help").out()).contains("Usage: doorman prefs check");
        assertThat(run("prefs", "check", "--bogus").failsWith(2).err())
                .isEqualTo("doorman: unknown flag '--bogus' (see 'doorman help prefs check')\n");
        assertThat(run("help", "prefs", "nope").failsWith(2).err())
                .isEqualTo("doorman: 'prefs' has no subcommand 'nope' (see 'doorman help prefs')\n");
        run("help", "serve", "extra").failsWith(2);
    }

    @Test
    void malformedValuesAreOneLineNamingTheFlag() {
        assertThat(run("serve", "--listen", "foo").failsWith(2).err())
                .isEqualTo("doorman: --listen: address 'foo' has no port (want host:port)\n");
        assertThat(run("serve", "--listen").failsWith(2).err()).contains("--listen needs a value");
        assertThat(run("serve", "extra").failsWith(2).err()).contains("unexpected argument 'extra'");
        assertThat(run("serve", "--upstream", "http://pms:32400/?X-Plex-Token=SECRETtok").failsWith(2).err())
                .startsWith("doorman: --upstream: ");
        run("serve", "--upstream", "http://pms:32400/?X-Plex-Token=SECRETtok").showsNone("SECRETtok");
        assertThat(run(Map.of("DOORMAN_DRAIN_TIMEOUT", "-1s"), "serve").failsWith(2).err())
                .startsWith("doorman: DOORMAN_DRAIN_TIMEOUT: ");
    }

    @Test
    void atFilesAreNotExpanded() throws Exception {
        Files.writeString(cwd.resolve("args"), "--listen=127.0.0.1:1\n");
        assertThat(run("serve", "@args").failsWith(2).err()).contains("unexpected argument '@args'");
    }

    @Test
    void serveResolvesFlagOverEnvOverFileOverDefault() throws Exception {
        Files.writeString(cwd.resolve("doorman.yaml"), """
                listen: 127.0.0.1:3
                upstream: http://file:32400
                connect-timeout: 3s
                admin-listen: off
                """);
        Map<String, String> env = Map.of("DOORMAN_LISTEN", "127.0.0.1:2", "DOORMAN_UPSTREAM", "http://env:32400");
        CliRun r = run(env, "serve", "--listen", "127.0.0.1:1");
        assertThat(r.code()).isZero();
        Settings s = r.plan().settings();
        assertThat(s.listen()).isEqualTo(new HostPort("127.0.0.1", 1));
        assertThat(s.upstream()).isEqualTo(URI.create("http://env:32400"));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.adminListen()).isNull();
        assertThat(s.idleTimeout()).isEqualTo(Settings.defaults().idleTimeout());
        assertThat(r.plan().prefix()).isEqualTo("doorman");
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        Settings d = Settings.defaults();
        // serve alone adds one default of its own: blocks persist under the data directory
        assertThat(run("serve").plan().settings()).isEqualTo(d.toBuilder()
                .updateLiveTv(l -> l.withAbuseBlockStateFile(d.dataDir().resolve("blocks.json"))).build());
    }

    @Test
    void configFileFromFlagOrEnvMustExist() throws Exception {
        assertThat(run("serve", "--config", "nope.yaml").failsWith(1).err())
                .isEqualTo("doorman: --config: config file 'nope.yaml' does not exist\n");
        Files.writeString(cwd.resolve("other.yaml"), "io-threads: 3\n");
        assertThat(run(Map.of("DOORMAN_CONFIG", "other.yaml"), "serve").plan().settings().ioThreads()).isEqualTo(3);
        assertThat(run("serve", "--config=other.yaml").plan().settings().ioThreads()).isEqualTo(3);
    }

    @Test
    void unknownConfigKeyIsAUsageError() throws Exception {
        Files.writeString(cwd.resolve("doorman.yaml"), "lissen: 127.0.0.1:1\n");
        assertThat(run("serve").failsWith(2).err())
                .isEqualTo("doorman: doorman.yaml: unknown key 'lissen' (see 'doorman help serve')\n");
    }

    @Test
    void switchesAcceptBareAndExplicitValues() {
        assertThat(run("serve", "--upstream-insecure").plan().settings().upstreamInsecure()).isTrue();
        assertThat(run("serve", "--upstream-insecure=no").plan().settings().upstreamInsecure()).isFalse();
        assertThat(run(Map.of("DOORMAN_UPSTREAM_INSECURE", "1"), "serve").plan().settings().upstreamInsecure())
                .isTrue();
        assertThat(run("serve", "--upstream-insecure", "--io-threads", "2").plan().settings().ioThreads())
                .isEqualTo(2);
    }

    @Test
    void repeatedFlagLastWins() {
        assertThat(run("serve", "--io-threads", "1", "--io-threads=4").plan().settings().ioThreads()).isEqualTo(4);
    }

    @Test
    void unreadableCaIsARuntimeError() {
        assertThat(run("serve", "--upstream-ca", "missing.pem").failsWith(1).err())
                .startsWith("doorman: --upstream-ca: file 'missing.pem'");
    }

    @Test
    void aBugIsStillOneLineAndExitOne() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new String[] {"serve"}, Map.of(), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true), cwd, (plan, o, e) -> {
                    throw new IllegalStateException("SECRETdetail");
                });
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("doorman: internal error: java.lang.IllegalStateException")
                .doesNotContain("SECRETdetail");
        assertThat(err.toString().lines().count()).isEqualTo(1);
    }
}
