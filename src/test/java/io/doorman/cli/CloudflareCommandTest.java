package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.doorman.testkit.FakeCloudflareApi;
import io.doorman.testkit.RecordingCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doorman cloudflare ensure} against the fake Cloudflare API (the real one is not reachable from tests):
 * tunnel, credentials, config, CNAME, idempotence, the token kept out of every output, and cloudflared's restart.
 */
class CloudflareCommandTest {

    private static final String TOKEN = "cf-api-token-do-not-print-4b1d";
    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private FakeCloudflareApi api;
    private String zone;
    private RecordingCommands commands;

    @BeforeEach
    void start() {
        api = new FakeCloudflareApi(TOKEN, ACCOUNT);
        zone = api.addZone("example.com");
        api.addZone("example.org");
        commands = new RecordingCommands(tmp);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CLOUDFLARE_ACCOUNT_ID", ACCOUNT);
        env.put("CLOUDFLARE_API_TOKEN", TOKEN);
        env.put("CLOUDFLARE_ZONE_NAME", "example.com");
        env.put("MEDIA_TUNNEL_HOSTNAME", "media.example.com");
        env.put("CLOUDFLARE_TUNNEL_NAME", "media-example-com");
        env.put("DOORMAN_DATA_DIR", tmp.resolve("data").toString());
        return env;
    }

    private CliRun ensure(Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("cloudflare", "ensure", "--api-base", api.base().toString(),
                "--cloudflared-dir", tmp.resolve("cloudflared").toString(), "--restart-cmd",
                commands.script("systemctl").toString() + " try-restart cloudflared-media.service"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.run(env, tmp, args.toArray(String[]::new));
        assertThat(run.out() + run.err()).doesNotContain(TOKEN);
        return run;
    }

    @Test
    void createsTunnelCredentialsConfigAndCnameThenChangesNothingTheSecondTime() throws Exception {
        CliRun first = ensure(env()).succeeds();
        assertThat(api.tunnels()).hasSize(1);
        FakeCloudflareApi.Tunnel tunnel = api.tunnels().get(0);
        assertThat(tunnel.name()).isEqualTo("media-example-com");
        assertThat(tunnel.remoteConfig()).as("config_src local: the file Doorman writes is the ingress").isFalse();
        assertThat(first.out()).contains("tunnel media-example-com: created (id " + tunnel.id() + ")")
                .contains("CNAME media.example.com -> " + tunnel.id() + ".cfargotunnel.com (proxied): created")
                .contains("cloudflared: ");

        Path creds = tmp.resolve("cloudflared").resolve(tunnel.id() + ".json");
        assertThat(Files.getPosixFilePermissions(creds)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode c = JSON.readTree(creds.toFile());
        assertThat(c.path("AccountTag").asText()).isEqualTo(ACCOUNT);
        assertThat(c.path("TunnelID").asText()).isEqualTo(tunnel.id());
        assertThat(c.path("TunnelSecret").asText()).isEqualTo(tunnel.secret());
        assertThat(first.out()).doesNotContain(tunnel.secret());

        Path config = tmp.resolve("cloudflared").resolve("media-example-com.yml");
        assertThat(Files.readString(config)).as("the custom URL and the warnings as comments")
                .contains("Custom server access URLs: https://media.example.com:443").contains("100 MB");
        JsonNode y = YAML.readTree(config.toFile());
        assertThat(y.path("tunnel").asText()).isEqualTo(tunnel.id());
        assertThat(y.path("credentials-file").asText()).isEqualTo(creds.toString());
        assertThat(y.path("metrics").asText()).isEqualTo("127.0.0.1:49312");
        JsonNode ingress = y.path("ingress");
        assertThat(ingress.get(0).path("hostname").asText()).isEqualTo("media.example.com");
        assertThat(ingress.get(0).path("service").asText()).isEqualTo("http://127.0.0.1:33240");
        assertThat(ingress.get(0).path("originRequest").path("httpHostHeader").asText())
                .isEqualTo("media.example.com");
        assertThat(ingress.get(ingress.size() - 1).path("service").asText()).isEqualTo("http_status:404");

        assertThat(api.records(zone)).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("CNAME");
            assertThat(r.name()).isEqualTo("media.example.com");
            assertThat(r.content()).isEqualTo(tunnel.id() + ".cfargotunnel.com");
            assertThat(r.proxied()).isTrue();
        });
        assertThat(commands.calls()).containsExactly("systemctl try-restart cloudflared-media.service");
        assertThat(api.authorizations()).allMatch(("Bearer " + TOKEN)::equals);

        int writes = api.writes().size();
        long configModified = Files.getLastModifiedTime(config).toMillis();
        CliRun second = ensure(env()).succeeds();
        assertThat(second.out()).contains("tunnel media-example-com: unchanged").contains("nothing to change")
                .doesNotContain("created").doesNotContain("updated");
        assertThat(api.writes()).hasSize(writes);
        assertThat(api.tunnels()).hasSize(1);
        assertThat(Files.getLastModifiedTime(config).toMillis()).isEqualTo(configModified);
        assertThat(commands.calls()).as("nothing local changed: no restart").hasSize(1);
    }

    @Test
    void reusesATunnelMadeElsewhereAndRebuildsItsCredentialsFromItsToken() throws Exception {
        String id = api.addTunnel("media-example-com", false, false);
        api.addTunnel("media-example-com", false, true);
        ensure(env()).succeeds();
        assertThat(api.tunnels()).hasSize(2);
        JsonNode c = JSON.readTree(tmp.resolve("cloudflared").resolve(id + ".json").toFile());
        assertThat(c.path("TunnelID").asText()).isEqualTo(id);
        assertThat(c.path("TunnelSecret").asText()).isEqualTo(api.tunnels().get(0).secret());
        assertThat(api.writes()).noneMatch(w -> w.contains("cfd_tunnel"));
    }

    @Test
    void aCreateRaceEndsWithTheOtherTunnel() {
        api.raceNextCreate();
        CliRun run = ensure(env()).succeeds();
        assertThat(api.tunnels()).hasSize(1);
        String id = api.tunnels().get(0).id();
        assertThat(run.out()).contains("tunnel media-example-com: unchanged (id " + id + ")");
        assertThat(Files.exists(tmp.resolve("cloudflared").resolve(id + ".json"))).isTrue();
    }

    @Test
    void pointsAWrongCnameAtTheTunnelAndLeavesOtherNamesAlone() {
        api.addRecord(zone, "CNAME", "media.example.com", "old-tunnel.cfargotunnel.com", false);
        api.addRecord(zone, "A", "www.example.com", "203.0.113.7", true);
        CliRun run = ensure(env()).succeeds();
        String id = api.tunnels().get(0).id();
        assertThat(run.out()).contains("CNAME media.example.com -> " + id + ".cfargotunnel.com (proxied): updated"
                + " (was old-tunnel.cfargotunnel.com, not proxied)");
        assertThat(api.records(zone)).hasSize(2).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("media.example.com");
            assertThat(r.content()).isEqualTo(id + ".cfargotunnel.com");
            assertThat(r.proxied()).isTrue();
        }).anySatisfy(r -> assertThat(r.content()).isEqualTo("203.0.113.7"));
    }

    @Test
    void anAddressRecordInTheWayIsReportedNotDeletedAcrossPages() {
        api.maxPerPage(1);
        api.addRecord(zone, "A", "media.example.com", "203.0.113.7", true);
        api.addRecord(zone, "AAAA", "media.example.com", "2001:db8::7", true);
        CliRun run = ensure(env());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("also has A 203.0.113.7, AAAA 2001:db8::7").contains("not changed");
        assertThat(api.records(zone)).hasSize(2);
        assertThat(api.writes()).noneMatch(w -> w.contains("dns_records"));
    }

    @Test
    void findsItsTunnelOnALaterPageWhenTheServerIgnoresTheNameFilter() {
        api.maxPerPage(2).ignoreNameFilter();
        for (int i = 0; i < 5; i++) {
            api.addTunnel("other-" + i, false, false);
        }
        String id = api.addTunnel("media-example-com", false, false);
        CliRun run = ensure(env()).succeeds();
        assertThat(run.out()).contains("tunnel media-example-com: unchanged (id " + id + ")");
        assertThat(api.calls()).anyMatch(c -> c.contains("cfd_tunnel?") && c.contains("page=3"));
        assertThat(api.tunnels()).hasSize(6);
    }

    @Test
    void dryRunSaysWhatWouldChangeAndChangesNothing() {
        CliRun run = ensure(env(), "--dry-run").succeeds();
        assertThat(run.out()).startsWith("dry run: nothing is changed\n")
                .contains("tunnel media-example-com: would be created")
                .contains("CNAME media.example.com -> <new id>.cfargotunnel.com (proxied): would be created");
        assertThat(api.writes()).isEmpty();
        assertThat(Files.exists(tmp.resolve("cloudflared"))).isFalse();
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void severalHostnamesEachGetARuleAndACnameWithTheirHostsPlexMode() throws Exception {
        CliRun.run(env(), tmp, "host", "add", "kids", "--domain", "kids.example.com", "--upstream",
                "http://192.168.1.20:32400", "--no-websockets").succeeds();
        Map<String, String> env = env();
        env.put("MEDIA_TUNNEL_HOSTNAME", "media.example.com, kids.example.com");
        ensure(env, "--listen", "127.0.0.1:40000").succeeds();
        assertThat(api.records(zone)).extracting(FakeCloudflareApi.Record::name)
                .containsExactlyInAnyOrder("media.example.com", "kids.example.com");
        String yml = Files.readString(tmp.resolve("cloudflared").resolve("media-example-com.yml"));
        JsonNode ingress = YAML.readTree(yml).path("ingress");
        assertThat(ingress.findValuesAsText("hostname")).contains("media.example.com", "kids.example.com");
        assertThat(ingress.findValuesAsText("service")).contains("http://127.0.0.1:40000", "http_status:403");
    }

    @Test
    void aChangedListenRewritesTheConfigAndRestartsOnlyThen() {
        ensure(env()).succeeds();
        CliRun run = ensure(env(), "--listen", "127.0.0.1:40001").succeeds();
        assertThat(run.out()).contains("media-example-com.yml: updated");
        assertThat(commands.calls()).hasSize(2);
        CliRun noRestart = ensure(env(), "--listen", "127.0.0.1:40002", "--no-restart").succeeds();
        assertThat(noRestart.out()).contains("not restarted (--no-restart)");
        assertThat(commands.calls()).hasSize(2);
    }

    @Test
    void aMissingUnitIsNotAFailure() {
        List<String> args = List.of("cloudflare", "ensure", "--api-base", api.base().toString(), "--cloudflared-dir",
                tmp.resolve("cloudflared").toString(), "--restart-cmd", commands.script("systemctl-missing",
                        "echo 'Failed to try-restart cloudflared-media.service: Unit cloudflared-media.service not"
                                + " found.'; exit 5").toString());
        CliRun run = CliRun.run(env(), tmp, args.toArray(String[]::new)).succeeds();
        assertThat(run.out()).contains("cloudflared: no unit to restart");
    }

    @Test
    void aFailedRestartFailsTheRun() {
        List<String> args = List.of("cloudflare", "ensure", "--api-base", api.base().toString(), "--cloudflared-dir",
                tmp.resolve("cloudflared").toString(), "--restart-cmd", commands.script("systemctl-broken",
                        "echo 'Job failed'; exit 1").toString());
        CliRun run = CliRun.run(env(), tmp, args.toArray(String[]::new));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("failed (exit 1: Job failed)");
    }

    @Test
    void eachMissingVariableIsNamedWithExit2() {
        for (String name : List.of("CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ZONE_NAME",
                "MEDIA_TUNNEL_HOSTNAME")) {
            Map<String, String> env = env();
            env.remove(name);
            CliRun run = ensure(env).failsWith(2);
            assertThat(run.err()).startsWith("doorman cloudflare ensure: " + name + ": not set");
        }
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void badValuesAreNamedWithExit2() {
        Map<String, String> env = env();
        env.put("MEDIA_TUNNEL_HOSTNAME", "media.example.net");
        assertThat(ensure(env).failsWith(2).err()).contains("MEDIA_TUNNEL_HOSTNAME: 'media.example.net' is not"
                + " inside the zone example.com");
        env = env();
        env.put("CLOUDFLARE_TUNNEL_NAME", "../etc");
        assertThat(ensure(env).failsWith(2).err()).contains("CLOUDFLARE_TUNNEL_NAME: '../etc' is not a tunnel name");
        env = env();
        env.put("CLOUDFLARE_API_TOKEN", "two words");
        assertThat(ensure(env).failsWith(2).err()).contains("CLOUDFLARE_API_TOKEN: holds a space")
                .doesNotContain("two words");
        assertThat(ensure(env(), "--api-base", "ftp://x").failsWith(2).err()).contains("--api-base");
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void tunnelNameDefaultsToTheOneTheGeneratedUnitRuns() {
        Map<String, String> env = env();
        env.remove("CLOUDFLARE_TUNNEL_NAME");
        ensure(env).succeeds();
        assertThat(api.tunnels().get(0).name()).isEqualTo("doorman-media");
        assertThat(Files.exists(tmp.resolve("cloudflared").resolve("doorman-media.yml"))).isTrue();
    }

    @Test
    void aRefusedTokenOrAnUnknownZoneIsOneLineAndExit1() {
        Map<String, String> env = env();
        env.put("CLOUDFLARE_API_TOKEN", "wrong-token-also-secret");
        CliRun run = ensure(env).failsWith(1);
        assertThat(run.err()).contains("HTTP 403").contains("10000 Authentication error")
                .contains("Zone > DNS > Edit").doesNotContain("wrong-token-also-secret");
        env = env();
        env.put("CLOUDFLARE_ZONE_NAME", "example.net");
        env.put("MEDIA_TUNNEL_HOSTNAME", "media.example.net");
        assertThat(ensure(env).failsWith(1).err()).contains("zone example.net is not one this token can see");
    }

    @Test
    void aFailingApiLeavesNoLocalFiles() {
        api.failWrites();
        CliRun run = ensure(env()).failsWith(1);
        assertThat(run.err()).contains("create tunnel media-example-com: HTTP 500");
        assertThat(Files.exists(tmp.resolve("cloudflared"))).isFalse();
    }

    @Test
    void unreachableApiSaysSo() {
        api.close();
        CliRun run = ensure(env()).failsWith(1);
        assertThat(run.err()).contains("cannot reach 127.0.0.1:");
    }

    @Test
    void wrongCredentialsModeIsRepaired() throws Exception {
        ensure(env()).succeeds();
        Path creds = tmp.resolve("cloudflared").resolve(api.tunnels().get(0).id() + ".json");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun run = ensure(env()).succeeds();
        assertThat(run.out()).contains(creds + ": updated (mode set to 0600)");
        assertThat(Files.getPosixFilePermissions(creds)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
