package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "1, true", "yes, true", "Yes, true",
        "false, false", "0, false", "no, false", "NO, false"})
    void booleans(String text, boolean expected) {
        assertThat(ValueParsers.bool(text)).isEqualTo(expected);
    }

    @Test
    void badBooleanNamesTheValue() {
        assertThatThrownBy(() -> ValueParsers.bool("maybe")).hasMessage("'maybe' is not a boolean (want true or false)");
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:32400, http://127.0.0.1:32400",
        "http://127.0.0.1:32400/, http://127.0.0.1:32400",
        "HTTPS://plex.example.com, https://plex.example.com",
        "http://[::1]:32400, http://[::1]:32400"
    })
    void upstreamUrls(String text, String expected) {
        assertThat(ValueParsers.upstreamUrl(text)).isEqualTo(URI.create(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:2019", " https://api.cloudflare.com/client/v4 ", "HTTP://[::1]:2019/"})
    void httpUrlsAreApiEndpointsWithAHost(String text) {
        assertThat(ValueParsers.httpUrl(text)).isEqualTo(URI.create(text.strip()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:2019", "ftp://h", "http:/x", "http://", "unix:///run/caddy.sock", "http://a b"})
    void anythingElseIsNoHttpUrl(String text) {
        assertThatThrownBy(() -> ValueParsers.httpUrl(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(text.strip());
    }

    @Test
    void upstreamUrlErrorsNameThePart() {
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("ftp://h")).hasMessageContaining("scheme 'ftp'");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("127.0.0.1:32400")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http:/x")).hasMessageContaining("no host");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://h:1/web")).hasMessageContaining("path '/web'");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://h:99999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://plex_box:32400")).hasMessageContaining("not a valid host");
    }

    @Test
    void upstreamUrlErrorsNeverEchoCredentialsOrTokens() {
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://h:1/?X-Plex-Token=SECRETtok"))
                .hasMessageNotContaining("SECRETtok");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://me:SECRETpw@h:1"))
                .hasMessageNotContaining("SECRETpw");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://h:1/#SECRETfrag"))
                .hasMessageNotContaining("SECRETfrag");
        assertThatThrownBy(() -> ValueParsers.upstreamUrl("http://h:1/a b?t=SECRETsp"))
                .hasMessageNotContaining("SECRETsp");
    }

    @ParameterizedTest
    @CsvSource({"65536, 65536", "64KiB, 65536", "64kib, 65536", "1MiB, 1048576", "16 KiB, 16384", "512b, 512",
        "1GiB, 1073741824"})
    void sizes(String text, int expected) {
        assertThat(ValueParsers.byteSize(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "64kb", "64K", "1.5MiB", "2GiB", "", "lots"})
    void badSizes(String text) {
        assertThatThrownBy(() -> ValueParsers.byteSize(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positiveDurations() {
        assertThat(ValueParsers.positiveDuration("15s")).hasSeconds(15);
        assertThat(ValueParsers.positiveDuration("90")).hasSeconds(90);
        assertThatThrownBy(() -> ValueParsers.positiveDuration("0s")).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> ValueParsers.positiveDuration("-1s")).hasMessageContaining("more than 0");
    }

    @Test
    void integers() {
        assertThat(ValueParsers.integer("-5")).isEqualTo(-5);
        assertThat(ValueParsers.intInRange("3", 0, 10)).isEqualTo(3);
        assertThatThrownBy(() -> ValueParsers.integer("0x10")).hasMessage("'0x10' is not a whole number");
        assertThatThrownBy(() -> ValueParsers.integer("99999999999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ValueParsers.intInRange("11", 0, 10)).hasMessageContaining("out of range 0-10");
    }

    @Test
    void addressOrOff() {
        assertThat(ValueParsers.hostPortOrOff("off")).isNull();
        assertThat(ValueParsers.hostPortOrOff("OFF")).isNull();
        assertThat(ValueParsers.hostPortOrOff("[::1]:9")).isEqualTo(new HostPort("::1", 9));
    }

    @Test
    void accessLogDestinations() {
        assertThat(ValueParsers.accessLog("STDOUT")).isEqualTo("stdout");
        assertThat(ValueParsers.accessLog("off")).isEqualTo("off");
        assertThat(ValueParsers.accessLog("/var/log/doorman/access.log")).isEqualTo("/var/log/doorman/access.log");
        assertThatThrownBy(() -> ValueParsers.accessLog(" ")).hasMessage("empty path");
    }

    @Test
    void readableFileMustExist(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        assertThat(ValueParsers.readableFile(ca.toString())).isEqualTo(ca);
        assertThatThrownBy(() -> ValueParsers.readableFile(dir.resolve("nope.pem").toString()))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ValueParsers.readableFile(dir.toString()))
                .isInstanceOf(UnreadableFileException.class);
    }
}
