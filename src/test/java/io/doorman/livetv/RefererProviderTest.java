package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RefererProviderTest {

    private static final String P = "tv.plex.providers.epg.xmltv:";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the path, at the root or below a prefix such as /web
        "http://plex.example:32400/tv.plex.providers.epg.xmltv:2/watchnow|2",
        "https://plex.example/tv.plex.providers.epg.xmltv:12|12",
        "https://plex.example/web/tv.plex.providers.epg.xmltv:3/grid?x=1|3",
        "/tv.plex.providers.epg.xmltv:8/watchnow|8",
        "//plex.example/tv.plex.providers.epg.xmltv:9|9",
        "https://plex.example/tv.plex.providers.epg.xmltv%3A4/watchnow|4",
        // the fragment, URL-decoded
        "https://app.plex.tv/desktop/#!/media/0123abcd/tv.plex.providers.epg.xmltv%3A2/watchnow?key=%2Ftv|2",
        "http://10.0.0.5:32400/web/index.html#!/provider/tv.plex.providers.epg.xmltv:5/grid|5",
        "http://10.0.0.5:32400/web/index.html#!/media/x/tv.plex.providers.epg.xmltv%253A6|",
        "https://app.plex.tv/desktop/#!/media/a b/tv.plex.providers.epg.xmltv%3A7/%zz/bad%|7",
        "https://app.plex.tv/desktop/#!/x/tv.plex.providers.epg.xmltv:/tv.plex.providers.epg.xmltv:11|11",
        // the provider= parameter, in the query or in the fragment's query
        "https://app.plex.tv/desktop/?provider=tv.plex.providers.epg.xmltv%3A15|15",
        "https://app.plex.tv/desktop/#!/live?provider=tv.plex.providers.epg.xmltv%3Aabc|abc",
        "https://app.plex.tv/desktop/?a=1&provider=tv.plex.providers.epg.xmltv:16&b=2|16",
        // the path wins over the fragment, the fragment over provider=
        "https://h/tv.plex.providers.epg.xmltv:1/x#!/tv.plex.providers.epg.xmltv:2?provider=" + P + "3|1",
        "https://h/web?provider=tv.plex.providers.epg.xmltv:3#!/tv.plex.providers.epg.xmltv:2|2",
    })
    void findsTheProvider(String referer, String id) {
        assertThat(RefererProvider.identifier(referer)).isEqualTo(id == null ? null : P + id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ",
        "not a url at all",
        "%%%",
        "http://",
        "http://plex.example",
        "http://plex.example/web/index.html#!/settings/server",
        "https://plex.example/tv.plex.providers.epg.xmltv:/watchnow",
        "https://plex.example/library/sections/1",
        "https://app.plex.tv/desktop/#!/media/x/tv.plex.providers.epg.xmltv%3A/watchnow",
        "https://app.plex.tv/desktop/#!/media/x/com.plexapp.plugins.library",
        "https://app.plex.tv/desktop/?provider=com.plexapp.plugins.library",
        "https://app.plex.tv/desktop/?provider=tv.plex.providers.epg.xmltv%3A",
        "https://app.plex.tv/desktop/?provider=tv.plex.providers.epg.xmltv%3A2%2Fx",
        "https://app.plex.tv/desktop/?provider=%zz",
        "https://app.plex.tv/desktop/?providers=tv.plex.providers.epg.xmltv:2",
        "#",
        "?#?",
    })
    void namesNoProvider(String referer) {
        assertThat(RefererProvider.identifier(referer)).isNull();
    }
}
