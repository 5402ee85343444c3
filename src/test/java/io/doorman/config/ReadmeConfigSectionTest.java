package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration section is generated from the settings tables. To regenerate it run this
 * test with {@code -Ddoorman.updateReadme=true}.
 */
class ReadmeConfigSectionTest {

    private static final String BEGIN = "<!-- BEGIN config -->\n";
    private static final String END = "<!-- END config -->";

    @Test
    void readmeMatchesTheSettingsTables() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("README.md has the config markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String expected = "\n" + ConfigDocs.readmeSection() + "\n";
        if (Boolean.getBoolean("doorman.updateReadme")) {
            Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + expected + text.substring(end));
            return;
        }
        assertThat(text.substring(begin + BEGIN.length(), end))
                .as("README config section is stale: rerun with -Ddoorman.updateReadme=true")
                .isEqualTo(expected);
    }
}
