package io.doorman.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetupCodeTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void isFourGroupsOfFourFromTheUnambiguousAlphabet() {
        SetupCode code = SetupCode.generate(random);
        String a = "[" + SetupCode.ALPHABET + "]";
        assertThat(code.reveal()).matches(a + "{4}-" + a + "{4}-" + a + "{4}-" + a + "{4}");
        assertThat(SetupCode.ALPHABET).doesNotContain("0", "O", "1", "I", "L");
        assertThat(code.consoleLine()).isEqualTo("console setup code: " + code.reveal());
    }

    @Test
    void freshCodesDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(SetupCode.generate(random).reveal());
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void matchesIgnoringCaseSpacesAndDashesButNothingElse() {
        SetupCode code = SetupCode.generate(random);
        String shown = code.reveal();
        assertThat(code.matches(shown)).isTrue();
        assertThat(code.matches(shown.toLowerCase(Locale.ROOT))).isTrue();
        assertThat(code.matches(shown.replace("-", ""))).isTrue();
        assertThat(code.matches(" " + shown.replace("-", " ") + " ")).isTrue();

        char last = shown.charAt(shown.length() - 1);
        char other = last == '2' ? '3' : '2';
        assertThat(code.matches(shown.substring(0, shown.length() - 1) + other)).isFalse();
        assertThat(code.matches(shown.substring(0, shown.length() - 1))).isFalse();
        assertThat(code.matches(shown + "2")).isFalse();
        assertThat(code.matches("")).isFalse();
        assertThat(code.matches(null)).isFalse();
    }

    @Test
    void isGoodForOneUseAndNeverPrintsItself() {
        SetupCode code = SetupCode.generate(random);
        String shown = code.reveal();
        assertThat(code.toString()).doesNotContain(shown).doesNotContain(shown.replace("-", ""));

        code.invalidate();

        assertThat(code.used()).isTrue();
        assertThat(code.matches(shown)).isFalse();
        assertThat(code.toString()).doesNotContain(shown);
    }
}
