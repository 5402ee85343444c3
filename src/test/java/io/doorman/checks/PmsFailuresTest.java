package io.doorman.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PmsClient;
import io.doorman.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** One line per way a call to PMS fails, from the real client's real failures where they can be made here. */
class PmsFailuresTest {

    private static final URI PMS = URI.create("http://127.0.0.1:32400");

    @Test
    void aRefusedTokenNamesTheStatusAndWhoseTokenIsNeeded() {
        String line = PmsFailures.describe(new CompletionException(new PmsClient.PmsCallException("PMS answered 401")),
                PMS, "reading /:/prefs");
        assertThat(line).isEqualTo("PMS at http://127.0.0.1:32400 refused the token (HTTP 401) when reading /:/prefs:"
                + " use the server owner's token (PlexOnlineToken in PMS's Preferences.xml)");
        assertThat(PmsFailures.answered(new CompletionException(new PmsClient.PmsCallException("PMS answered 401"))))
                .isTrue();
    }

    @Test
    void otherAnswersAreNamedAsPmsSaidThem() {
        assertThat(PmsFailures.describe(new PmsClient.PmsCallException("PMS answered 500"), PMS, "reading /identity"))
                .isEqualTo("PMS at http://127.0.0.1:32400: PMS answered 500 when reading /identity");
    }

    @Test
    void aClosedPortSaysPmsCannotBeReached() throws Exception {
        int port = FreePorts.next();
        URI down = URI.create("http://127.0.0.1:" + port);
        PmsClient client = new PmsClient(down, HttpClient.newHttpClient());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> client.body("/:/prefs?X-Plex-Token=secretFAIL1", "application/xml", Duration.ofSeconds(5), 10).get());
        String line = PmsFailures.describe(e, down, "reading /:/prefs");
        assertThat(line).startsWith("cannot reach PMS at " + down).contains("is PMS running").doesNotContain("secretFAIL1");
        assertThat(PmsFailures.answered(e)).isFalse();
    }
}
