package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTableTest {

    /** The table's default column is what help and the README print, so it must be the real default. */
    @Test
    void defaultTextParsesToTheActualDefault() throws Exception {
        // Prose defaults, and a secret whose "none" is a word, not a token.
        Set<String> prose = Set.of("upstream-ca", "data-dir", "owner-token", "abuse-block-state-file",
                "public-url");
        for (SettingDef d : SettingsTable.ALL) {
            if (prose.contains(d.key())) {
                continue;
            }
            Settings fromText = SettingsResolver.resolve(Map.of(d.key(), d.defaultText()), Map.of(), ConfigFile.NONE)
                    .settings();
            assertThat(fromText).as(d.key()).isEqualTo(Settings.defaults());
        }
    }

    @Test
    void keysAreUniqueKebabCaseAndDocumented() {
        Set<String> seen = new HashSet<>();
        for (SettingDef d : SettingsTable.ALL) {
            assertThat(seen.add(d.key())).as(d.key()).isTrue();
            assertThat(d.key()).matches("[a-z]+(-[a-z]+)*");
            assertThat(d.meaning()).isNotBlank().doesNotContain("\n");
        }
    }
}
