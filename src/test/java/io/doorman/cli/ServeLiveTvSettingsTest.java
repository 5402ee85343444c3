package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.LiveTvSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman serve} takes the Live TV settings as flags, DOORMAN_* variables or config-file keys. */
class ServeLiveTvSettingsTest {

    @TempDir
    Path cwd;

    @Test
    void flagsEnvAndFileSetElevationAndTheSecretIsNeverShown() throws Exception {
        Files.writeString(cwd.resolve("doorman.yaml"), "abuse-block-threshold: 7\nbad-auth-cooldown: -1s\n"
                + "data-dir: " + cwd.resolve("data") + "\n");
        CliRun r = CliRun.run(Map.of("DOORMAN_OWNER_TOKEN", "ownerSECRET42", "DOORMAN_AUDIT_SUMMARY_INTERVAL", "1m"),
                cwd, "serve", "--elevate-live-tv", "--user-header", "--abuse-block-window", "0")
                .showsNone("ownerSECRET42");
        assertThat(r.code()).isZero();
        LiveTvSettings lt = r.plan().settings().liveTv();
        assertThat(lt.elevateLiveTv()).isTrue();
        assertThat(lt.userHeader()).isTrue();
        assertThat(lt.ownerToken().reveal()).isEqualTo("ownerSECRET42");
        assertThat(lt.abuseBlockThreshold()).isEqualTo(7);
        assertThat(lt.abuseBlockWindow()).as("0 means the default").isEqualTo(Duration.ofMinutes(5));
        assertThat(lt.badAuthCooldown()).as("negative kept: disabled").isEqualTo(Duration.ofSeconds(-1));
        assertThat(lt.auditSummaryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lt.abuseBlockStateFile()).as("serve keeps blocks under its data dir")
                .isEqualTo(cwd.resolve("data").resolve("blocks.json"));
        assertThat(r.plan().modeNote()).isEqualTo("; mode=elevate-live-tv user-header");
    }

    @Test
    void malformedDurationIsAUsageErrorNamingTheVariable() {
        CliRun r = CliRun.run(Map.of("DOORMAN_BAD_AUTH_COOLDOWN", "soon"), cwd, "serve", "--elevate-live-tv");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("DOORMAN_BAD_AUTH_COOLDOWN");
    }

    @Test
    void plainServeStaysPassThrough() {
        CliRun r = CliRun.run(Map.of(), cwd, "serve");
        assertThat(r.code()).isZero();
        assertThat(r.plan().modeNote()).isEmpty();
        assertThat(r.plan().settings().liveTv().elevateLiveTv()).isFalse();
    }

    @Test
    void labelAndHistorySettingsComeFromFlagsEnvAndFile() throws Exception {
        Files.writeString(cwd.resolve("doorman.yaml"), "strip-prefix: lineup-\nrewrite-max-bytes: 1MiB\n");
        CliRun r = CliRun.run(Map.of("DOORMAN_OWNER_TOKEN", "ownerSECRET42", "DOORMAN_REFRESH_SECONDS", "0"),
                cwd, "serve", "--elevate-live-tv", "--provider-labels", "--spoof-identity", "--neutralize-owner-history")
                .showsNone("ownerSECRET42");
        assertThat(r.code()).isZero();
        LiveTvSettings lt = r.plan().settings().liveTv();
        assertThat(lt.stripPrefix()).isEqualTo("lineup-");
        assertThat(lt.rewriteMaxBytes()).isEqualTo(1 << 20);
        assertThat(lt.refreshSeconds()).as("0 or less means 30").isEqualTo(30);
        assertThat(lt.token().reveal()).as("serve reads the DVR list with the owner token").isEqualTo("ownerSECRET42");
        assertThat(r.plan().modeNote())
                .isEqualTo("; mode=elevate-live-tv provider-labels spoof-identity neutralize-owner-history");
    }

    @Test
    void malformedRewriteLimitIsAUsageError() {
        CliRun r = CliRun.run(Map.of(), cwd, "serve", "--rewrite-max-bytes", "lots");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("rewrite-max-bytes");
    }
}
