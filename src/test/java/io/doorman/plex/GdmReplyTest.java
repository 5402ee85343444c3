package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GdmReplyTest {

    private static final InetAddress FROM = InetAddress.getLoopbackAddress();

    private static Optional<GdmServer> parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return GdmReply.parse(bytes, bytes.length, FROM);
    }

    @Test
    void theSheetsAnswerGivesEveryField() {
        Optional<GdmServer> s = parse("HTTP/1.0 200 OK\r\nContent-Type: plex/media-server\r\n"
                + "Resource-Identifier: abc\r\nName: Den\r\nPort: 32400\r\nUpdated-At: 1585769946\r\n"
                + "Version: 1.18.8.2527-740d4c206\r\nHost: x.plex.direct\r\n");
        assertThat(s).contains(new GdmServer("Den", "127.0.0.1", 32400, "1.18.8.2527-740d4c206", "abc",
                Optional.of(Instant.ofEpochSecond(1585769946L))));
    }

    @Test
    void aNameWithColonsIsKeptWhole() {
        assertThat(parse("HTTP/1.0 200 OK\r\nResource-Identifier: abc\r\nName: Plex: the den\r\n"))
                .map(GdmServer::name).contains("Plex: the den");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "HTTP/1.0 404 Not Found\r\nResource-Identifier: abc\r\nName: Den\r\n",
        "HELLO * HTTP/1.0\r\nResource-Identifier: abc\r\nName: Den\r\n",
        "HTTP/1.0 200 OK\r\nName: Den\r\n",
        "HTTP/1.0 200 OK\r\nResource-Identifier: abc\r\n",
        "HTTP/1.0 200 OK\r\nResource-Identifier: abc\r\nName: Den\r\nPort: 99999\r\n",
        "HTTP/1.0 200 OK\r\nResource-Identifier: abc\r\nName: Den\r\nPort: http\r\n",
        "HTTP/1.0 200 OK\r\nContent-Type: plex/media-player\r\nResource-Identifier: abc\r\nName: TV\r\n",
    })
    void whatIsNoServersAnswerGivesNothing(String text) {
        assertThat(parse(text)).isEmpty();
    }

    @Test
    void anUnreadableUpdatedAtIsLeftOut() {
        assertThat(parse("HTTP/1.0 200 OK\r\nResource-Identifier: a\r\nName: D\r\nUpdated-At: soon\r\n"))
                .flatMap(GdmServer::updatedAt).isEmpty();
        assertThat(parse("HTTP/1.0 200 OK\r\nResource-Identifier: a\r\nName: D\r\nUpdated-At: 9999999999999999999\r\n"))
                .isPresent().flatMap(GdmServer::updatedAt).isEmpty();
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] bytes = "HTTP/1.0 200 OK\r\nResource-Identifier: a\r\nName: Den\r\nPort: 1\r\n".getBytes(
                StandardCharsets.UTF_8);
        // Cut inside "Port: 1": the answer then has no port line and defaults, rather than reading past the length.
        assertThat(GdmReply.parse(bytes, bytes.length - 8, FROM)).map(GdmServer::port).contains(32400);
    }
}
