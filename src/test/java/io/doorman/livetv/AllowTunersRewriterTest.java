package io.doorman.livetv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AllowTunersRewriterTest {

    private static String rw(String s) {
        return new String(AllowTunersRewriter.rewrite(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void xmlAttributeAndSettingBecomeAllowed() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer allowTuners=\"0\" friendlyName=\"Wohnzimmer – ✓\">"
                + "<Setting id=\"allowTuners\" value=\"0\" default=\"0\"/><Other allowTuners=\"2\"/></MediaContainer>";
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer allowTuners=\"1\" friendlyName=\"Wohnzimmer – ✓\">"
                + "<Setting id=\"allowTuners\" value=\"1\" default=\"0\"/><Other allowTuners=\"2\"/></MediaContainer>", rw(xml));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"allowTuners\":false,\"a\":1}|{\"allowTuners\":true,\"a\":1}",
        "{\"allowTuners\": false}|{\"allowTuners\": true}",
        "{\"allowTuners\":0}|{\"allowTuners\":1}",
        "{\"x\":[{\"allowTuners\": 0 }]}|{\"x\":[{\"allowTuners\": 1 }]}",
        "{\"allowTuners\":true}|{\"allowTuners\":true}",
        "{\"allowTuners\":1}|{\"allowTuners\":1}",
        "{\"allowTuners\":0.5}|{\"allowTuners\":0.5}",
        "{\"allowTuners\":falsey}|{\"allowTuners\":falsey}",
        "{\"notallowTuners\":false}|{\"notallowTuners\":false}",
        "{\"allowTuners\":\"0\"}|{\"allowTuners\":\"0\"}",
        "allowTuners=\"0|allowTuners=\"0",
        "\"allowTuners\":|\"allowTuners\":",
    })
    void json(String in, String out) {
        assertEquals(out, rw(in));
    }

    @Test
    void unchangedBodyIsTheSameArray() {
        byte[] body = "<MediaContainer size=\"0\"/>".getBytes(StandardCharsets.UTF_8);
        assertSame(body, AllowTunersRewriter.rewrite(body));
        byte[] empty = new byte[0];
        assertArrayEquals(empty, AllowTunersRewriter.rewrite(empty));
    }

    @Test
    void everyOccurrenceIsRewritten() {
        assertEquals("a allowTuners=\"1\" b allowTuners=\"1\" {\"allowTuners\":true}",
                rw("a allowTuners=\"0\" b allowTuners=\"0\" {\"allowTuners\":false}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "/|application/xml|true",
        "/identity|text/xml; charset=utf-8|true",
        "/media/providers|application/json|true",
        "/:/prefs|null|true",
        "/tv.plex.providers.epg.xmltv:3|application/xml|true",
        "/tv.plex.providers.epg.xmltv:3/grid|application/xml|true",
        "/tv.plex.providers.epg.xmltv:|application/xml|false",
        "/media/providers|video/mp2t|false",
        "/library/sections|application/xml|false",
        "/media/providers/x|application/xml|false",
    })
    void appliesTo(String path, String type, boolean expected) {
        assertEquals(expected, AllowTunersRewriter.appliesTo(path, type));
    }

    @Test
    void providerIdentifier() {
        assertEquals("tv.plex.providers.epg.xmltv:12", ProviderPaths.identifier("/tv.plex.providers.epg.xmltv:12/hubs"));
        assertEquals("tv.plex.providers.epg.xmltv:12", ProviderPaths.identifier("/tv.plex.providers.epg.xmltv:12"));
        assertNull(ProviderPaths.identifier("/tv.plex.providers.epg.xmltv:"));
        assertNull(ProviderPaths.identifier("/livetv/dvrs"));
        assertTrue(ProviderPaths.isProviderScoped("/tv.plex.providers.epg.xmltv:a/b/c"));
        assertFalse(ProviderPaths.isProviderScoped("/x/tv.plex.providers.epg.xmltv:1"));
    }
}
