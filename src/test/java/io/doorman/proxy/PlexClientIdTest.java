package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading who a Plex client says it is from the header, else the query, without a {@link RequestHead}. */
class PlexClientIdTest {

    private static HttpHeaders headers(String... namesAndValues) {
        // Unvalidated: Netty's decoder already trims a value, but the strip must not depend on that.
        HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    @Test
    void headerIsStrippedAndWinsOverTheQueryWhateverItsCase() {
        PlexClientId id = PlexClientId.find(headers("x-plex-client-identifier", " c0ffee ", "X-PLEX-PRODUCT", "Plex Web"),
                "/identity?X-Plex-Client-Identifier=other");
        assertThat(id).isEqualTo(new PlexClientId("c0ffee", "Plex Web"));
    }

    @Test
    void theFirstHeaderValueCounts() {
        assertThat(PlexClientId.find(headers("X-Plex-Client-Identifier", "first", "X-Plex-Client-Identifier", "second",
                "X-Plex-Product", "A", "X-Plex-Product", "B"), "/")).isEqualTo(new PlexClientId("first", "A"));
    }

    @Test
    void aBlankHeaderStillWinsOverTheQuery() {
        assertThat(PlexClientId.find(headers("X-Plex-Client-Identifier", ""), "/?X-Plex-Client-Identifier=q"))
                .isEqualTo(new PlexClientId("", null));
    }

    @Test
    void queryParameterIsDecodedAndTheProductStillComesFromTheHeader() {
        assertThat(PlexClientId.find(headers("X-Plex-Product", "Plex Web"),
                "/library/sections?X-Plex-Product=ignored&X-Plex-Client-Identifier=web%2Dabc&X-Plex-Token=secret"))
                .isEqualTo(new PlexClientId("web-abc", "Plex Web"));
    }

    @Test
    void noIdentifierAnywhereIsNull() {
        assertThat(PlexClientId.find(headers("X-Plex-Product", "Plex Web"), "/library/sections")).isNull();
        assertThat(PlexClientId.find(headers(), "/library/sections?X-Plex-Token=secret")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/?X-Plex-Client-Identifier=abc                                  | abc",
        "/?a=1&X-Plex-Client-Identifier=abc&b=2                          | abc",
        "/?a=1&&X-Plex-Client-Identifier=abc                             | abc",
        "/?X-Plex-Client-Identifier=first&X-Plex-Client-Identifier=second | first",
        "/?X-Plex-Client-Identifier=                                     | ''",
        "/?X-Plex-Client-Identifier=a+b%3Cc%3E                           | a b<c>",
        "/?aX-Plex-Client-Identifier=abc                                 | NULL",
        "/?a=X-Plex-Client-Identifier=abc                                | NULL",
        "/?x-plex-client-identifier=abc                                  | NULL",
        "/?X-Plex-Client-Identifier                                      | NULL",
        "/?X-Plex-Client-Identifier=%zz&X-Plex-Client-Identifier=ok      | NULL",
        "/X-Plex-Client-Identifier=abc                                   | NULL",
        "/p?a=X-Plex-Client-Identifier=no&X-Plex-Client-Identifier=yes   | yes",
    })
    void queryParameterIsTheFirstPairNamedExactlySo(String target, String expected) {
        assertThat(PlexClientId.fromQuery(target)).isEqualTo(expected);
    }
}
