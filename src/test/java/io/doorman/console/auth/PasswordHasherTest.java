package io.doorman.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery";

    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom());

    @Test
    void hashesWithBcryptCost12AndChecksTheRoundTrip() {
        String hash = hasher.hash(PASSWORD.toCharArray());

        assertThat(hash).startsWith("$2y$12$").hasSize(60).doesNotContain(PASSWORD);
        assertThat(hasher.matches(PASSWORD.toCharArray(), hash)).isTrue();
        assertThat(hasher.matches("correct horse batterY".toCharArray(), hash)).isFalse();
        assertThat(hasher.hash(PASSWORD.toCharArray())).as("a fresh salt each time").isNotEqualTo(hash);
    }

    @Test
    void passwordIs12To72BytesOfUtf8() {
        PasswordHasher quick = new PasswordHasher(4, new SecureRandom());
        String seventyTwo = "a".repeat(72);
        String seventyThree = "a".repeat(73);
        String shortOne = "a".repeat(11);
        // 'é' is 2 bytes: 36 of them are 72 bytes, 37 are 74, though only 37 chars.
        String wideOk = "é".repeat(36);
        String wideTooLong = "é".repeat(37);
        assertThat(wideTooLong.getBytes(StandardCharsets.UTF_8)).hasSize(74);

        assertThat(quick.matches(seventyTwo.toCharArray(), quick.hash(seventyTwo.toCharArray()))).isTrue();
        assertThat(quick.matches(wideOk.toCharArray(), quick.hash(wideOk.toCharArray()))).isTrue();
        quick.hash("a".repeat(12).toCharArray());

        for (String bad : new String[] {seventyThree, wideTooLong, shortOne, "", "\ud800".repeat(12)}) {
            assertThatThrownBy(() -> quick.hash(bad.toCharArray()))
                    .isInstanceOfSatisfying(PasswordRuleException.class,
                            e -> assertThat(e.field()).isEqualTo("password"))
                    .hasMessageContaining("password")
                    .hasMessageContaining("12 to 72 bytes")
                    .satisfies(e -> {
                        if (!bad.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(bad);
                        }
                    });
        }
    }

    @Test
    void aMalformedHashOrAnOverlongPasswordNeverMatches() {
        PasswordHasher quick = new PasswordHasher(4, new SecureRandom());
        assertThat(quick.matches(PASSWORD.toCharArray(), "not a bcrypt hash")).isFalse();
        assertThat(quick.matches(PASSWORD.toCharArray(), "")).isFalse();
        assertThat(quick.matches(PASSWORD.toCharArray(), null)).isFalse();
        String hash = quick.hash("a".repeat(72).toCharArray());
        assertThat(quick.matches("a".repeat(73).toCharArray(), hash)).isFalse();
    }
}
