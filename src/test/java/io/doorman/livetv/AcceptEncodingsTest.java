package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingsTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "gzip, deflate, br | gzip",
            "br;q=1.0, gzip;q=0.8 | gzip",
            "GZIP | gzip",
            "x-gzip | gzip",
            "* | gzip",
            "br, deflate | identity",
            "gzip;q=0 | identity",
            "gzip; q=0.000, br | identity",
            "gzip;q=oops | identity",
            "'' | identity",
            "NULL | identity",
            "identity | identity",
    })
    void narrowsToWhatDoormanDecodesAndTheClientAccepts(String client, String expected) {
        assertThat(AcceptEncodings.narrowed(client)).isEqualTo(expected);
    }
}
