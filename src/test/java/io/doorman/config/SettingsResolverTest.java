package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsResolverTest {

    private static final ConfigFile FILE = new ConfigFile("doorman.yaml", Map.of(
            "listen", "127.0.0.1:3", "upstream", "http://file:32400", "connect-timeout", "3s"));

    @Test
    void nothingGivenIsTheDefaults() throws Exception {
        ResolvedSettings r = SettingsResolver.resolve(Map.of(), Map.of(), ConfigFile.NONE);
        assertThat(r.settings()).isEqualTo(Settings.defaults());
        assertThat(r.origin("listen")).isEqualTo(ResolvedSettings.DEFAULT);
        assertThat(r.isExplicit("upstream")).isFalse();
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        Map<String, String> env = Map.of("DOORMAN_LISTEN", "127.0.0.1:2", "DOORMAN_UPSTREAM", "http://env:32400");
        ResolvedSettings r = SettingsResolver.resolve(Map.of("listen", "127.0.0.1:1"), env, FILE);
        assertThat(r.settings().listen()).isEqualTo(new HostPort("127.0.0.1", 1));
        assertThat(r.settings().upstream()).isEqualTo(URI.create("http://env:32400"));
        assertThat(r.settings().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.settings().responseTimeout()).isEqualTo(Settings.defaults().responseTimeout());
        assertThat(r.origins()).containsEntry("listen", "--listen").containsEntry("upstream", "DOORMAN_UPSTREAM")
                .containsEntry("connect-timeout", "doorman.yaml").doesNotContainKey("response-timeout");
    }

    @Test
    void blankEnvValueCountsAsUnset() throws Exception {
        ResolvedSettings r = SettingsResolver.resolve(Map.of(), Map.of("DOORMAN_LISTEN", "  "), FILE);
        assertThat(r.settings().listen()).isEqualTo(new HostPort("127.0.0.1", 3));
    }

    @Test
    void everySettingHasAWorkingFlagEnvAndFileKey() throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put("listen", "[::1]:1");
        values.put("upstream", "https://pms:32400");
        values.put("upstream-ca", "pom.xml");
        values.put("upstream-insecure", "yes");
        values.put("admin-listen", "off");
        values.put("trusted-proxies", "10.0.0.0/8");
        values.put("lan-networks", "none");
        values.put("connect-timeout", "1s");
        values.put("response-timeout", "2s");
        values.put("header-timeout", "3s");
        values.put("idle-timeout", "4s");
        values.put("upstream-idle-timeout", "5s");
        values.put("drain-timeout", "6");
        values.put("max-header-size", "8KiB");
        values.put("max-uri-size", "4096");
        values.put("max-upstream-connections", "7");
        values.put("io-threads", "2");
        values.put("access-log", "off");
        values.put("data-dir", "/tmp/doorman-test");
        values.put("elevate-live-tv", "true");
        values.put("elevate-all", "false");
        values.put("elevate-discovery-only", "yes");
        values.put("user-header", "1");
        values.put("owner-token", "ownerTOKEN");
        values.put("abuse-block-threshold", "9");
        values.put("abuse-block-window", "90s");
        values.put("abuse-block-duration", "1h");
        values.put("abuse-block-state-file", "/tmp/doorman-test/b.json");
        values.put("bad-auth-cooldown", "-1s");
        values.put("audit-summary-interval", "10m");
        values.put("token-cache-ttl", "30s");
        values.put("provider-labels", "true");
        values.put("strip-prefix", "lineup-");
        values.put("refresh-seconds", "45");
        values.put("spoof-identity", "yes");
        values.put("neutralize-owner-history", "1");
        values.put("rewrite-max-bytes", "512KiB");
        values.put("public-url", "https://media.example.com");
        values.put("prefs-interval", "90s");
        values.put("prefs-require", "secureConnections=1,LanNetworksBandwidth=192.168.1.0/24,10.0.0.0/8");
        values.put("prefs-off", "ManualPortMappingMode");
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(
                SettingsTable.ALL.stream().map(SettingDef::key).toList());

        Settings expected = new Settings(new HostPort("::1", 1), URI.create("https://pms:32400"), Path.of("pom.xml"),
                true, null, Cidr.parseList("10.0.0.0/8"), java.util.List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(6), 8192, 4096, 7, 2, "off", Path.of("/tmp/doorman-test"),
                Settings.defaults().liveTv().withElevateLiveTv(true).withElevateDiscoveryOnly(true).withUserHeader(true)
                        .withOwnerToken(new Secret("ownerTOKEN")).withToken(new Secret("ownerTOKEN"))
                        .withAbuseBlockThreshold(9).withAbuseBlockWindow(Duration.ofSeconds(90))
                        .withAbuseBlockDuration(Duration.ofHours(1)).withAbuseBlockStateFile(Path.of("/tmp/doorman-test/b.json"))
                        .withBadAuthCooldown(Duration.ofSeconds(-1)).withAuditSummaryInterval(Duration.ofMinutes(10))
                        .withTokenCacheTtl(Duration.ofSeconds(30)).withProviderLabels(true).withStripPrefix("lineup-")
                        .withRefreshSeconds(45).withSpoofIdentity(true).withNeutralizeOwnerHistory(true)
                        .withRewriteMaxBytes(512 * 1024),
                new LockdownSettings(URI.create("https://media.example.com"), Duration.ofSeconds(90),
                        java.util.List.of("secureConnections=1", "LanNetworksBandwidth=192.168.1.0/24,10.0.0.0/8"),
                        java.util.List.of("ManualPortMappingMode")));
        Map<String, String> env = new HashMap<>();
        for (SettingDef d : SettingsTable.ALL) {
            env.put(d.envName(), values.get(d.key()));
        }
        assertThat(SettingsResolver.resolve(values, Map.of(), ConfigFile.NONE).settings()).isEqualTo(expected);
        assertThat(SettingsResolver.resolve(Map.of(), env, ConfigFile.NONE).settings()).isEqualTo(expected);
        assertThat(SettingsResolver.resolve(Map.of(), Map.of(), new ConfigFile("f.yaml", values)).settings())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "listen            | foo       | address 'foo' has no port (want host:port)",
        "upstream          | ftp://x   | URL scheme 'ftp' is not http or https",
        "trusted-proxies   | 10.0.0.1/40 | '10.0.0.1/40' has prefix length out of range 0-32",
        "connect-timeout   | 0         | duration '0' must be more than 0",
        "idle-timeout      | soon      | 'soon' is not a duration (examples: 90s, 5m, 1h30m, -1s)",
        "max-header-size   | 64kb      | '64kb' is not a size (examples: 65536, 64KiB, 1MiB)",
        "io-threads        | many      | 'many' is not a whole number",
        "upstream-insecure | maybe     | 'maybe' is not a boolean (want true or false)",
    })
    void badValuesNameTheirSourceAndExitTwo(String key, String value, String message) {
        SettingDef def = SettingsTable.find(key).orElseThrow();
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(key, value), Map.of(), ConfigFile.NONE))
                .isInstanceOf(ConfigException.class).hasMessage("--" + key + ": " + message)
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), Map.of(def.envName(), value), ConfigFile.NONE))
                .hasMessage(def.envName() + ": " + message);
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), Map.of(),
                new ConfigFile("my.yaml", Map.of(key, value)))).hasMessage("my.yaml: " + key + ": " + message);
    }

    @Test
    void unreadableCaFileExitsOne() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("upstream-ca", "/nonexistent/ca.pem"), Map.of(),
                ConfigFile.NONE))
                .hasMessageStartingWith("--upstream-ca: file '/nonexistent/ca.pem' does not exist")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(1);
    }

    @Test
    void envNamesAreUpperSnakeCaseOfTheFlag() {
        assertThat(SettingsTable.find("trusted-proxies").orElseThrow().envName()).isEqualTo("DOORMAN_TRUSTED_PROXIES");
        assertThat(SettingsTable.find("upstream-idle-timeout").orElseThrow().flagName())
                .isEqualTo("--upstream-idle-timeout");
    }
}
