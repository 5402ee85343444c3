package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DvrLabelsTest {

    private static final String P = "tv.plex.providers.epg.xmltv:";

    private static Map<String, String> parse(String xml, String prefix) throws IOException {
        return DvrLabels.parse(xml.getBytes(StandardCharsets.UTF_8), prefix);
    }

    private static String dvr(String attributes) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer size=\"1\">\n<Dvr " + attributes
                + "><Device key=\"9\" uri=\"http://127.0.0.1:5004\" /><Setting id=\"x\" value=\"1\" /></Dvr>\n"
                + "</MediaContainer>\n";
    }

    @Test
    void realPlexDvrListGivesLabelsInDocumentOrder() throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer size=\"3\">\n"
                + "<Dvr key=\"7\" uuid=\"a\" language=\"eng\" lineupTitle=\"\" title=\"\" lineup=\"lineup://tv.plex."
                + "providers.epg.xmltv/http%3A%2F%2F127.0.0.1%3A5004%2Fguide.xml#iptvtunerr-Sports%20Feed\">"
                + "<Device key=\"1\" /><Setting id=\"a\" value=\"b\" /></Dvr>\n"
                + "<Dvr key=\"2\" uuid=\"b\" lineupTitle=\"iptvtunerr-News\" title=\"ignored\" lineup=\"x#y\" />\n"
                + "<Dvr key=\"3\" uuid=\"c\" lineupTitle=\"\" title=\"  Movies  \" lineup=\"x#y\" />\n"
                + "</MediaContainer>\n";

        Map<String, String> labels = parse(xml, "iptvtunerr-");

        assertThat(labels).containsExactly(entry(P + "7", "Sports Feed"), entry(P + "2", "News"),
                entry(P + "3", "Movies"));
        assertThatThrownBy(() -> labels.put(P + "9", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void labelSourcesFallThroughWhenEmptyOrAbsent() throws IOException {
        assertThat(parse(dvr("key=\"1\" lineupTitle=\"LT\" title=\"T\" lineup=\"l#F\""), "")).containsValue("LT");
        assertThat(parse(dvr("key=\"1\" lineupTitle=\"\" title=\"T\" lineup=\"l#F\""), "")).containsValue("T");
        assertThat(parse(dvr("key=\"1\" title=\"T\" lineup=\"l#F\""), "")).containsValue("T");
        assertThat(parse(dvr("key=\"1\" lineupTitle=\"\" title=\"\" lineup=\"l#F\""), "")).containsValue("F");
        assertThat(parse(dvr("key=\"1\" lineup=\"l#F\""), "")).containsValue("F");
    }

    @Test
    void lineupFragmentIsTextAfterLastHashPathDecoded() throws IOException {
        assertThat(parse(dvr("key=\"1\" lineup=\"a#b#Caf%C3%A9+Plus%2FHD\""), ""))
                .containsExactly(entry(P + "1", "Café+Plus/HD"));
        // A malformed escape leaves the text as written rather than losing the label.
        assertThat(parse(dvr("key=\"1\" lineup=\"a#100%25 %zz Sports\""), ""))
                .containsExactly(entry(P + "1", "100%25 %zz Sports"));
        assertThat(parse(dvr("key=\"1\" lineup=\"lineup://no-fragment\""), "")).isEmpty();
        assertThat(parse(dvr("key=\"1\" lineup=\"lineup://empty-fragment#\""), "")).isEmpty();
    }

    @Test
    void idIsKeyElseId() throws IOException {
        assertThat(parse(dvr("key=\"4\" id=\"5\" title=\"T\""), "")).containsOnlyKeys(P + "4");
        assertThat(parse(dvr("key=\"\" id=\"5\" title=\"T\""), "")).containsOnlyKeys(P + "5");
        assertThat(parse(dvr("id=\"5\" title=\"T\""), "")).containsOnlyKeys(P + "5");
        assertThat(parse(dvr("key=\"\" id=\"\" title=\"T\""), "")).isEmpty();
        assertThat(parse(dvr("title=\"T\""), "")).isEmpty();
    }

    @Test
    void prefixIsStrippedOnlyAtTheStartThenTrimmed() throws IOException {
        assertThat(parse(dvr("key=\"1\" title=\"tuner- Sports \""), "tuner-")).containsValue("Sports");
        assertThat(parse(dvr("key=\"1\" title=\"Sports tuner-\""), "tuner-")).containsValue("Sports tuner-");
        assertThat(parse(dvr("key=\"1\" title=\" tuner-Sports\""), "tuner-")).containsValue("tuner-Sports");
        assertThat(parse(dvr("key=\"1\" title=\"tuner-Sports\""), "")).containsValue("tuner-Sports");
        assertThat(parse(dvr("key=\"1\" title=\"tuner-Sports\""), null)).containsValue("tuner-Sports");
    }

    @Test
    void emptyLabelsAreSkipped() throws IOException {
        assertThat(parse(dvr("key=\"1\" title=\"tuner-\""), "tuner-")).isEmpty();
        assertThat(parse(dvr("key=\"1\" title=\"   \""), "")).isEmpty();
        assertThat(parse(dvr("key=\"1\" lineupTitle=\"\" title=\"\" lineup=\"\""), "")).isEmpty();
    }

    @Test
    void dvrElementsAreFoundAtAnyDepthAndOnlyByExactName() throws IOException {
        String xml = "<A><B><Dvr key=\"1\" title=\"Deep\"/></B><dvr key=\"2\" title=\"lower\"/>"
                + "<DvrX key=\"3\" title=\"other\"/></A>";
        assertThat(parse(xml, "")).containsExactly(entry(P + "1", "Deep"));
    }

    @Test
    void laterDuplicateIdWins() throws IOException {
        String xml = "<M><Dvr key=\"1\" title=\"First\"/><Dvr key=\"1\" title=\"Second\"/></M>";
        assertThat(parse(xml, "")).containsExactly(entry(P + "1", "Second"));
    }

    @Test
    void noDvrsGivesEmptyMap() throws IOException {
        assertThat(parse("<MediaContainer size=\"0\"/>", "")).isEmpty();
    }

    @Test
    void malformedXmlIsAnIOExceptionWithoutBodyText() {
        String unclosed = "<MediaContainer><Dvr key=\"1\" title=\"secret-token-xyz\"></MediaContainer>";
        assertThatThrownBy(() -> parse(unclosed, ""))
                .isInstanceOf(IOException.class).hasMessageStartingWith("DVR list is not well-formed XML")
                .hasMessageNotContaining("secret-token-xyz").hasNoCause();
        assertThatThrownBy(() -> parse("", "")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("not xml secret-token-xyz", ""))
                .isInstanceOf(IOException.class).hasMessageNotContaining("secret-token-xyz");
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE M [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
                + "<M><Dvr key=\"1\" title=\"&e;\"/></M>";
        assertThatThrownBy(() -> parse(xml, "")).isInstanceOf(IOException.class);
    }
}
