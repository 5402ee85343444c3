package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlexLabelProxyResolverTest {

    private static final String TOKEN = "tokTOKEN1234";

    private final Map<String, GivenFlag> flags = new LinkedHashMap<>();
    private final Map<String, String> env = new HashMap<>(Map.of("PLEX_HOST", "10.0.0.5", "PLEX_TOKEN", TOKEN));

    private PlexLabelProxyResolver.Result resolve() throws ConfigException {
        return PlexLabelProxyResolver.resolve(flags, env, SettingsResolver.resolve(Map.of(), env, ConfigFile.NONE));
    }

    private void flag(String name, String value) {
        flags.put(name, new GivenFlag("-" + name, value));
    }

    @Test
    void upstreamComesFromFlagThenPmsUrlThenPlexHost() throws Exception {
        assertThat(resolve().settings().upstream()).isEqualTo(URI.create("http://10.0.0.5:32400"));
        env.put("IPTV_TUNERR_PMS_URL", "https://pms.lan:32400");
        assertThat(resolve().settings().upstream()).isEqualTo(URI.create("https://pms.lan:32400"));
        flags.put("upstream", new GivenFlag("-plex-url", "http://flag:1"));
        assertThat(resolve().settings().upstream()).isEqualTo(URI.create("http://flag:1"));
    }

    @Test
    void ipv6PlexHostIsBracketed() throws Exception {
        env.put("PLEX_HOST", "fd00::5");
        assertThat(resolve().settings().upstream()).isEqualTo(URI.create("http://[fd00::5]:32400"));
    }

    @Test
    void doormanUpstreamCountsButItsDefaultDoesNot() throws Exception {
        env.remove("PLEX_HOST");
        assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
                .hasMessage("missing PMS URL: set -upstream, IPTV_TUNERR_PMS_URL or PLEX_HOST")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(1);
        env.put("DOORMAN_UPSTREAM", "http://doorman:32400");
        assertThat(resolve().settings().upstream()).isEqualTo(URI.create("http://doorman:32400"));
    }

    @Test
    void tokenOrderAndOwnerFallback() throws Exception {
        LiveTvSettings live = resolve().settings().liveTv();
        assertThat(live.token().reveal()).isEqualTo(TOKEN);
        assertThat(live.ownerToken().reveal()).isEqualTo(TOKEN);

        env.put("IPTV_TUNERR_PMS_TOKEN", "pmsTOKEN");
        env.put("PLEX_OWNER_TOKEN", "  plexOWNER \n");
        live = resolve().settings().liveTv();
        assertThat(live.token().reveal()).isEqualTo("pmsTOKEN");
        assertThat(live.ownerToken().reveal()).isEqualTo("plexOWNER");

        env.put("IPTV_TUNERR_PMS_OWNER_TOKEN", " iptvOWNER ");
        flag("token", "flagTOKEN");
        live = resolve().settings().liveTv();
        assertThat(live.token().reveal()).isEqualTo("flagTOKEN");
        assertThat(live.ownerToken().reveal()).isEqualTo("iptvOWNER");

        flag("owner-token", " flagOWNER ");
        assertThat(resolve().settings().liveTv().ownerToken().reveal()).isEqualTo("flagOWNER");
    }

    @Test
    void blankTokenFlagFallsBackAndMissingTokenExitsOne() throws Exception {
        flag("token", "");
        assertThat(resolve().settings().liveTv().token().reveal()).isEqualTo(TOKEN);
        env.remove("PLEX_TOKEN");
        assertThatThrownBy(this::resolve)
                .hasMessage("missing PMS token: set -token, IPTV_TUNERR_PMS_TOKEN or PLEX_TOKEN")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(1);
    }

    @Test
    void defaultsWhenNothingGiven() throws Exception {
        PlexLabelProxyResolver.Result r = resolve();
        assertThat(r.settings().liveTv()).usingRecursiveComparison().ignoringFields("token", "ownerToken")
                .isEqualTo(LiveTvSettings.disabled().withProviderLabels(true));
        assertThat(r.settings().listen()).isEqualTo(new HostPort("127.0.0.1", 33240));
    }

    @Test
    void zeroOrNegativeTunablesMeanTheDefault() throws Exception {
        flag("refresh-seconds", "0");
        flag("abuse-block-threshold", "-3");
        env.put("IPTV_TUNERR_PROXY_ABUSE_WINDOW", "0");
        env.put("IPTV_TUNERR_PROXY_ABUSE_BLOCK_DURATION", "-1s");
        LiveTvSettings live = resolve().settings().liveTv();
        assertThat(live.refreshSeconds()).isEqualTo(30);
        assertThat(live.abuseBlockThreshold()).isEqualTo(5);
        assertThat(live.abuseBlockWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(live.abuseBlockDuration()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void negativeCooldownAndSummaryKeepTheirSign() throws Exception {
        env.put("IPTV_TUNERR_PROXY_BAD_AUTH_COOLDOWN", "-1s");
        env.put("IPTV_TUNERR_PROXY_AUDIT_SUMMARY_INTERVAL", "-1s");
        LiveTvSettings live = resolve().settings().liveTv();
        assertThat(live.badAuthCooldown()).isEqualTo(Duration.ofSeconds(-1));
        assertThat(live.auditSummaryInterval()).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void flagsBeatEnvForTunables() throws Exception {
        env.put("IPTV_TUNERR_PROXY_ABUSE_THRESHOLD", "9");
        env.put("IPTV_TUNERR_PROXY_ABUSE_STATE_FILE", "/var/lib/x/blocks.json");
        assertThat(resolve().settings().liveTv().abuseBlockThreshold()).isEqualTo(9);
        assertThat(resolve().settings().liveTv().abuseBlockStateFile()).isEqualTo(Path.of("/var/lib/x/blocks.json"));
        flag("abuse-block-threshold", "7");
        flag("abuse-block-window", "90");
        flag("bad-auth-cooldown", "1h30m");
        LiveTvSettings live = resolve().settings().liveTv();
        assertThat(live.abuseBlockThreshold()).isEqualTo(7);
        assertThat(live.abuseBlockWindow()).isEqualTo(Duration.ofSeconds(90));
        assertThat(live.badAuthCooldown()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void malformedValuesNameTheFlagOrVariableAndExitTwo() {
        env.put("IPTV_TUNERR_PROXY_ABUSE_WINDOW", "5 minutes");
        assertThatThrownBy(this::resolve)
                .hasMessageStartingWith("IPTV_TUNERR_PROXY_ABUSE_WINDOW: '5 minutes' is not a duration")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(2);
        env.remove("IPTV_TUNERR_PROXY_ABUSE_WINDOW");
        flag("refresh-seconds", "soon");
        assertThatThrownBy(this::resolve).hasMessage("-refresh-seconds: 'soon' is not a whole number");
        flags.clear();
        env.put("IPTV_TUNERR_PROXY_ABUSE_THRESHOLD", "many");
        assertThatThrownBy(this::resolve).hasMessageStartingWith("IPTV_TUNERR_PROXY_ABUSE_THRESHOLD: ");
        env.remove("IPTV_TUNERR_PROXY_ABUSE_THRESHOLD");
        env.put("PLEX_HOST", "plex:32400");
        assertThatThrownBy(this::resolve).hasMessageStartingWith("PLEX_HOST: ");
        env.put("IPTV_TUNERR_PMS_URL", "ftp://x");
        assertThatThrownBy(this::resolve).hasMessageStartingWith("IPTV_TUNERR_PMS_URL: URL scheme 'ftp'");
        flags.put("upstream", new GivenFlag("--plex-url", "nope"));
        assertThatThrownBy(this::resolve).hasMessageStartingWith("--plex-url: ");
    }

    @Test
    void labelFlagsAndTunablesResolve() throws Exception {
        flag("elevate-live-tv", "true");
        flag("user-header", "false");
        flag("listen", "127.0.0.1:1");
        flag("strip-prefix", "");
        env.put("IPTV_TUNERR_PROXY_ABUSE_WINDOW", "5m");
        env.put("IPTV_TUNERR_PMS_OWNER_TOKEN", "ownerTOKEN");
        flag("bad-auth-cooldown", "1m");
        env.put("IPTV_TUNERR_PROXY_BAD_AUTH_COOLDOWN", "2m");
        flag("refresh-seconds", "-4");
        flag("spoof-identity", "true");
        PlexLabelProxyResolver.Result r = resolve();
        assertThat(r.settings().liveTv().refreshSeconds()).as("0 or less means 30").isEqualTo(30);
        assertThat(r.settings().liveTv().spoofIdentity()).isTrue();
        assertThat(r.settings().liveTv().providerLabels()).isTrue();
        assertThat(r.settings().liveTv().elevateLiveTv()).isTrue();
        assertThat(r.settings().liveTv().stripPrefix()).isEmpty();
        assertThat(r.settings().listen()).isEqualTo(new HostPort("127.0.0.1", 1));
    }

    @Test
    void listenFallsBackToIptvThenDoormanVariable() throws Exception {
        env.put("DOORMAN_LISTEN", "127.0.0.1:2");
        assertThat(resolve().settings().listen().port()).isEqualTo(2);
        env.put("IPTV_TUNERR_PLEX_LABEL_PROXY_LISTEN", "127.0.0.1:3");
        assertThat(resolve().settings().listen().port()).isEqualTo(3);
    }
}
