package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void neverPrintsItsValue() {
        Secret s = new Secret("  abcTOKEN123  ");
        assertThat(s.reveal()).isEqualTo("abcTOKEN123");
        assertThat(s.toString()).isEqualTo("(set)").doesNotContain("abcTOKEN123");
        assertThat(new Secret(null)).hasToString("(unset)");
        assertThat(new Secret("   ").isEmpty()).isTrue();
    }

    @Test
    void settingsPrintedWithSecretsShowNoToken() {
        LiveTvSettings d = LiveTvSettings.disabled();
        LiveTvSettings live = d.withToken(new Secret("userTOKENxyz")).withOwnerToken(new Secret("ownerTOKENxyz"))
                .withElevateLiveTv(true).withBadAuthCooldown(Duration.ofSeconds(-1));
        String printed = Settings.defaults().toBuilder().liveTv(live).build().toString();
        assertThat(printed).doesNotContain("userTOKENxyz").doesNotContain("ownerTOKENxyz");
    }
}
