package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.config.ConfigException;
import io.doorman.config.GivenFlag;
import io.doorman.config.PlexLabelProxyFlags;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoFlagParserTest {

    private static GoFlagParser.Parsed parse(String... args) throws ConfigException {
        return GoFlagParser.parse(List.of(args), PlexLabelProxyFlags.ALL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-listen|127.0.0.1:1",
        "--listen|127.0.0.1:1",
    })
    void valueAsNextArgument(String flag, String value) throws Exception {
        assertThat(parse(flag, value).flags()).containsEntry("listen", new GivenFlag(flag, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-listen=127.0.0.1:1", "--listen=127.0.0.1:1"})
    void valueAfterEquals(String arg) throws Exception {
        GoFlagParser.Parsed p = parse(arg);
        assertThat(p.flags().get("listen").value()).isEqualTo("127.0.0.1:1");
        assertThat(p.flags().get("listen").spelling()).isEqualTo(arg.substring(0, arg.indexOf('=')));
        assertThat(p.rest()).isEmpty();
    }

    @Test
    void aliasIsStoredUnderCanonicalNameWithItsSpelling() throws Exception {
        assertThat(parse("-plex-url", "http://pms:32400").flags())
                .containsEntry("upstream", new GivenFlag("-plex-url", "http://pms:32400"));
    }

    @ParameterizedTest
    @CsvSource({"-elevate-live-tv, true", "--elevate-live-tv, true", "-elevate-live-tv=true, true",
        "-elevate-live-tv=false, false", "-elevate-live-tv=1, true", "-elevate-live-tv=0, false",
        "--elevate-live-tv=F, false", "-elevate-live-tv=TRUE, true", "-elevate-live-tv=no, false"})
    void booleanForms(String arg, String expected) throws Exception {
        assertThat(parse(arg).flags().get("elevate-live-tv").value()).isEqualTo(expected);
    }

    @Test
    void booleanNeverTakesTheNextArgument() throws Exception {
        GoFlagParser.Parsed p = parse("-elevate-live-tv", "-listen", "127.0.0.1:1");
        assertThat(p.flags().get("elevate-live-tv").value()).isEqualTo("true");
        assertThat(p.flags().get("listen").value()).isEqualTo("127.0.0.1:1");

        GoFlagParser.Parsed stray = parse("-elevate-live-tv", "false", "-listen", "127.0.0.1:1");
        assertThat(stray.flags().get("elevate-live-tv").value()).isEqualTo("true");
        assertThat(stray.flags()).doesNotContainKey("listen");
        assertThat(stray.rest()).containsExactly("false", "-listen", "127.0.0.1:1");
    }

    @Test
    void stopsAtFirstNonFlagAndAfterDoubleDash() throws Exception {
        assertThat(parse("-listen", "a:1", "serve", "-token", "t").rest()).containsExactly("serve", "-token", "t");
        GoFlagParser.Parsed dashed = parse("-listen", "a:1", "--", "-token", "t");
        assertThat(dashed.rest()).containsExactly("-token", "t");
        assertThat(dashed.flags()).doesNotContainKey("token");
        assertThat(parse("-", "-listen", "a:1").rest()).containsExactly("-", "-listen", "a:1");
    }

    @Test
    void valueFlagTakesNextArgumentEvenWithADash() throws Exception {
        assertThat(parse("-refresh-seconds", "-5").flags().get("refresh-seconds").value()).isEqualTo("-5");
        assertThat(parse("-strip-prefix=").flags().get("strip-prefix").value()).isEmpty();
    }

    @Test
    void lastOccurrenceWins() throws Exception {
        assertThat(parse("-listen", "a:1", "--listen=b:2").flags().get("listen").value()).isEqualTo("b:2");
    }

    @Test
    void unknownFlagIsAUsageErrorNamingOnlyTheFlag() {
        assertThatThrownBy(() -> parse("-listen", "a:1", "-bogus=SECRETvalue"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag provided but not defined: -bogus (see 'doorman help plex-label-proxy')")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(2);
    }

    @Test
    void malformedFlags() {
        assertThatThrownBy(() -> parse("-listen")).hasMessage("flag needs an argument: -listen");
        assertThatThrownBy(() -> parse("-elevate-live-tv=maybe"))
                .hasMessage("-elevate-live-tv: invalid boolean value 'maybe' (want true or false)");
        assertThatThrownBy(() -> parse("---listen", "a:1")).hasMessageStartingWith("bad flag syntax: ");
        assertThatThrownBy(() -> parse("-=x")).hasMessageStartingWith("bad flag syntax: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--help", "--h"})
    void helpFlags(String arg) throws Exception {
        assertThat(parse("-listen", "a:1", arg).helpRequested()).isTrue();
    }
}
