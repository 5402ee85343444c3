package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Template}: placeholders filled by name, whole-line blocks indented or removed, every mismatch an error. */
class TemplateTest {

    private static final Template T = Template.load("template-test.txt");

    @Test
    void fillsEveryPlaceholderAndIndentsABlock() {
        assertThat(T.placeholders()).containsExactly("a", "block", "b");
        assertThat(T.fill(Map.of("a", "x", "block", "one\n\ntwo\n", "b", "{{a}}")))
                .isEqualTo("first x and x\n    one\n\n    two\nlast {{a}}\n");
    }

    @Test
    void anEmptyBlockTakesItsLineWithIt() {
        assertThat(T.fill(Map.of("a", "x", "block", "", "b", "y"))).isEqualTo("first x and x\nlast y\n");
    }

    @Test
    void aPlaceholderWithoutValueOrAValueWithoutPlaceholderFails() {
        assertThatThrownBy(() -> T.fill(Map.of("a", "x", "block", ""))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no value for {{b}}");
        assertThatThrownBy(() -> T.fill(Map.of("a", "x", "block", "", "b", "y", "c", "z")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no {{c}}");
        assertThatThrownBy(() -> Template.load("missing.txt")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not on the class path");
    }
}
