package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderXmlRewriterTest {

    private static final String P2 = "tv.plex.providers.epg.xmltv:2";
    private static final String P5 = "tv.plex.providers.epg.xmltv:5";
    private static final Map<String, String> LABELS = labels(P2, "Sports Feed", P5, "News & Weather");

    /** A /media/providers body in Plex's own style: declaration line, no indentation, {@code " />"}. */
    private static final String PROVIDERS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <MediaContainer size="3" allowTuners="1" friendlyName="Basement Café" livetv="7" \
            machineIdentifier="0123abcd" myPlex="true" version="1.41.3.9314-a0bfb8370">
            <!-- providers follow -->
            <MediaProvider identifier="com.plexapp.plugins.library" title="Library" types="video,audio,photo" \
            protocols="stream,download">
            <Feature key="/library/sections" type="content">
            <Directory key="/library/sections/1" title="Movies &amp; Docs" summary="Line one&#10;Line two 🎬" \
            type="movie" />
            <Directory id="tv.plex.providers.epg.xmltv:2" title="Live TV &amp; DVR" />
            </Feature>
            <Status>Library &amp; guide ready</Status>
            </MediaProvider>
            <MediaProvider identifier="tv.plex.providers.epg.xmltv:2" friendlyName="Basement Café" parentID="1" \
            title="Live TV &amp; DVR" types="video" protocols="livetv" epgSource="xmltv">
            <Feature type="content" key="/tv.plex.providers.epg.xmltv:2">
            <Directory hubKey="/tv.plex.providers.epg.xmltv:2/hubs/discover" id="tv.plex.providers.epg.xmltv:2" \
            title="Live TV &amp; DVR" />
            <Directory key="/tv.plex.providers.epg.xmltv:2/watchnow" title="Guide" />
            <Directory key="/tv.plex.providers.epg.xmltv:5/watchnow" title="Guide" />
            <Directory key="/tv.plex.providers.epg.xmltv:2/recordings" title="Recording Schedule" />
            </Feature>
            <Feature type="search" key="/tv.plex.providers.epg.xmltv:2/hubs/search" />
            </MediaProvider>
            <MediaProvider identifier="tv.plex.providers.epg.xmltv:5" friendlyName="Basement Café" \
            sourceTitle="Old" title="Live TV &amp; DVR" protocols="livetv">
            <Feature type="content" key="/tv.plex.providers.epg.xmltv:5">
            <Directory key="/tv.plex.providers.epg.xmltv:5/watchnow" title="Guide Extra" />
            </Feature>
            </MediaProvider>
            <MediaProvider identifier="tv.plex.providers.epg.xmltv:9" friendlyName="Basement Café" \
            title="Live TV &amp; DVR">
            <Directory id="tv.plex.providers.epg.xmltv:9" title="Live TV &amp; DVR" />
            </MediaProvider>
            </MediaContainer>
            """;

    /** PROVIDERS with exactly the values the relabelling must change. */
    private static final String PROVIDERS_RELABELLED = PROVIDERS
            .replace("<MediaProvider identifier=\"tv.plex.providers.epg.xmltv:2\" friendlyName=\"Basement Café\" "
                    + "parentID=\"1\" title=\"Live TV &amp; DVR\" types=\"video\" protocols=\"livetv\" "
                    + "epgSource=\"xmltv\">",
                    "<MediaProvider identifier=\"tv.plex.providers.epg.xmltv:2\" friendlyName=\"Sports Feed\" "
                    + "parentID=\"1\" title=\"Sports Feed\" types=\"video\" protocols=\"livetv\" epgSource=\"xmltv\" "
                    + "sourceTitle=\"Sports Feed\">")
            .replace("/hubs/discover\" id=\"tv.plex.providers.epg.xmltv:2\" title=\"Live TV &amp; DVR\" />",
                    "/hubs/discover\" id=\"tv.plex.providers.epg.xmltv:2\" title=\"Sports Feed\" />")
            .replace("<Directory key=\"/tv.plex.providers.epg.xmltv:2/watchnow\" title=\"Guide\" />",
                    "<Directory key=\"/tv.plex.providers.epg.xmltv:2/watchnow\" title=\"Sports Feed Guide\" />")
            .replace("<MediaProvider identifier=\"tv.plex.providers.epg.xmltv:5\" friendlyName=\"Basement Café\" "
                    + "sourceTitle=\"Old\" title=\"Live TV &amp; DVR\"",
                    "<MediaProvider identifier=\"tv.plex.providers.epg.xmltv:5\" friendlyName=\"News &amp; Weather\" "
                    + "sourceTitle=\"News &amp; Weather\" title=\"News &amp; Weather\"");

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mediaProviders(String xml, Map<String, String> labels, boolean spoof) {
        return new String(ProviderXmlRewriter.mediaProviders(utf8(xml), labels, spoof), StandardCharsets.UTF_8);
    }

    private static String providerPage(String xml) {
        return new String(ProviderXmlRewriter.providerPage(utf8(xml), P2, "Sports"), StandardCharsets.UTF_8);
    }

    private static String spoof(String xml, String label) {
        return new String(ProviderXmlRewriter.spoofIdentity(utf8(xml), label), StandardCharsets.UTF_8);
    }

    // --- /media/providers -------------------------------------------------------------------------------

    @Test
    void goldenMediaProvidersChangesOnlyTheLabelledValues() {
        assertThat(PROVIDERS_RELABELLED).isNotEqualTo(PROVIDERS); // every replace above must have matched
        assertThat(PROVIDERS_RELABELLED.split("Sports Feed", -1)).hasSize(6);
        assertThat(PROVIDERS_RELABELLED.split("News &amp; Weather", -1)).hasSize(4);
        byte[] out = ProviderXmlRewriter.mediaProviders(utf8(PROVIDERS), LABELS, false);
        assertThat(out).isEqualTo(utf8(PROVIDERS_RELABELLED));
    }

    @Test
    void goldenMediaProvidersWithSpoofNamesTheServerAfterAllLabelsSorted() {
        String expected = PROVIDERS_RELABELLED.replace(
                "<MediaContainer size=\"3\" allowTuners=\"1\" friendlyName=\"Basement Café\"",
                "<MediaContainer size=\"3\" allowTuners=\"1\" friendlyName=\"News &amp; Weather · Sports Feed\"");
        assertThat(expected).isNotEqualTo(PROVIDERS_RELABELLED);
        assertThat(mediaProviders(PROVIDERS, LABELS, true)).isEqualTo(expected);
    }

    @Test
    void spoofJoinsDistinctLabelsOnlyAndNeverAddsFriendlyName() {
        Map<String, String> labels = labels(P2, "B", P5, "A", "tv.plex.providers.epg.xmltv:6", "B");
        assertThat(mediaProviders("<MediaContainer friendlyName=\"S\"/>", labels, true))
                .isEqualTo("<MediaContainer friendlyName=\"A · B\" />");
        assertThat(mediaProviders("<MediaContainer friendlyName=\"S\"/>", labels, false))
                .isEqualTo("<MediaContainer friendlyName=\"S\"/>");
        byte[] noName = utf8("<MediaContainer size=\"0\"/>");
        assertThat(ProviderXmlRewriter.mediaProviders(noName, labels, true)).isSameAs(noName);
        byte[] body = utf8("<MediaContainer friendlyName=\"S\"/>");
        assertThat(ProviderXmlRewriter.mediaProviders(body, Map.of(), true)).isSameAs(body);
    }

    @Test
    void missingProviderAttributesAreAppendedInOrder() {
        assertThat(mediaProviders("<M><MediaProvider identifier=\"" + P2 + "\"/></M>", LABELS, false))
                .isEqualTo("<M><MediaProvider identifier=\"" + P2
                        + "\" friendlyName=\"Sports Feed\" sourceTitle=\"Sports Feed\" title=\"Sports Feed\" /></M>");
    }

    @Test
    void providersWithoutLabelOrOfAnotherKindAreLeftAlone() {
        byte[] unlabelled = utf8("<M><MediaProvider identifier=\"tv.plex.providers.epg.xmltv:9\" title=\"T\">"
                + "<Directory id=\"tv.plex.providers.epg.xmltv:9\" title=\"Live TV &amp; DVR\"/></MediaProvider></M>");
        assertThat(ProviderXmlRewriter.mediaProviders(unlabelled, LABELS, false)).isSameAs(unlabelled);
        // Only XMLTV guide providers are relabelled, even if the map names another provider.
        byte[] library = utf8("<M><MediaProvider identifier=\"com.plexapp.plugins.library\" title=\"Library\"/></M>");
        Map<String, String> odd = labels("com.plexapp.plugins.library", "Hacked", "", "Empty");
        assertThat(ProviderXmlRewriter.mediaProviders(library, odd, false)).isSameAs(library);
        byte[] noIdentifier = utf8("<M><MediaProvider title=\"T\"/></M>");
        assertThat(ProviderXmlRewriter.mediaProviders(noIdentifier, LABELS, false)).isSameAs(noIdentifier);
    }

    @Test
    void directoriesAreRelabelledOnlyInsideTheirLabelledProvider() {
        String xml = "<M><MediaProvider identifier=\"" + P2 + "\" title=\"Sports Feed\" friendlyName=\"Sports Feed\" "
                + "sourceTitle=\"Sports Feed\"/><Directory id=\"" + P2 + "\" title=\"x\"/></M>";
        byte[] body = utf8(xml);
        assertThat(ProviderXmlRewriter.mediaProviders(body, LABELS, false)).isSameAs(body);
        byte[] cousin = utf8(xml.replace("<MediaProvider", "<X><MediaProvider").replace("/><Directory",
                "/></X><Y><Directory").replace("</M>", "</Y></M>"));
        assertThat(new String(cousin, StandardCharsets.UTF_8)).contains("</X><Y><Directory");
        assertThat(ProviderXmlRewriter.mediaProviders(cousin, LABELS, false)).isSameAs(cousin);
        assertThat(mediaProviders("<M><MediaProvider identifier=\"" + P2 + "\"><A><B><Directory id=\"" + P2
                + "\"/><Directory key=\"/" + P2 + "/watchnow\" title=\"guide\"/></B></A></MediaProvider></M>",
                LABELS, false))
                .isEqualTo("<M><MediaProvider identifier=\"" + P2 + "\" friendlyName=\"Sports Feed\" sourceTitle="
                        + "\"Sports Feed\" title=\"Sports Feed\"><A><B><Directory id=\"" + P2
                        + "\" title=\"Sports Feed\" />"
                        + "<Directory key=\"/" + P2 + "/watchnow\" title=\"guide\" /></B></A></MediaProvider></M>");
    }

    @Test
    void alreadyLabelledBodyIsTheSameArray() {
        byte[] once = ProviderXmlRewriter.mediaProviders(utf8(PROVIDERS), LABELS, true);
        assertThat(ProviderXmlRewriter.mediaProviders(once, LABELS, true)).isSameAs(once);
    }

    // --- provider-scoped pages ----------------------------------------------------------------------------

    @Test
    void providerPageReplacesGenericRootTitles() {
        assertThat(providerPage("<MediaContainer size=\"2\" title1=\"Live TV &amp; DVR\" title2=\"Guide\" "
                + "friendlyName=\"Basement\" title=\"Plex Library\" machineIdentifier=\"m\"></MediaContainer>"))
                .isEqualTo("<MediaContainer size=\"2\" title1=\"Sports\" title2=\"Sports\" friendlyName=\"Sports\" "
                        + "title=\"Sports\" machineIdentifier=\"m\" />");
        assertThat(providerPage("<MediaContainer title1=\"\" title=\"\"/>"))
                .isEqualTo("<MediaContainer title1=\"Sports\" title=\"Sports\" title2=\"Sports\" />");
    }

    @Test
    void providerPageKeepsSpecificTitlesAndAddsNothingElse() {
        byte[] specific = utf8("<MediaContainer title1=\"My Library\" title2=\"guide\" title=\"Movies\"/>");
        assertThat(ProviderXmlRewriter.providerPage(specific, P2, "Sports")).isSameAs(specific);
        assertThat(providerPage("<MediaContainer title1=\"My Library\"/>"))
                .isEqualTo("<MediaContainer title1=\"My Library\" title2=\"Sports\" />");
        byte[] notContainer = utf8("<Hub title=\"Guide\" title1=\"\"/>");
        assertThat(ProviderXmlRewriter.providerPage(notContainer, P2, "Sports")).isSameAs(notContainer);
        byte[] nested = utf8(
                "<MediaContainer title1=\"A\" title2=\"B\"><MediaContainer title1=\"\"/></MediaContainer>");
        assertThat(ProviderXmlRewriter.providerPage(nested, P2, "Sports")).isSameAs(nested);
    }

    @Test
    void providerPageRetitlesItsDirectories() {
        String head = "<MediaContainer title1=\"A\" title2=\"B\">";
        assertThat(providerPage(head + "<Directory id=\"" + P2 + "\" title=\"Anything\"/>"
                + "<Directory key=\"/" + P2 + "/watchnow\" title=\"Guide\"/>"
                + "<Hub><Directory key=\"/x\" title=\"Live TV &amp; DVR\"/></Hub></MediaContainer>"))
                .isEqualTo(head + "<Directory id=\"" + P2 + "\" title=\"Sports\" />"
                        + "<Directory key=\"/" + P2 + "/watchnow\" title=\"Sports Guide\" />"
                        + "<Hub><Directory key=\"/x\" title=\"Sports\" /></Hub></MediaContainer>");
        byte[] others = utf8(head + "<Directory id=\"" + P5 + "\" title=\"x\"/><Directory key=\"/" + P5
                + "/watchnow\" title=\"Guide\"/><Directory key=\"/" + P2 + "/watchnow\" title=\"Guide 2\"/>"
                + "<Directory title=\"Live TV &amp; DVR 2\"/><Other title=\"Live TV &amp; DVR\"/></MediaContainer>");
        assertThat(ProviderXmlRewriter.providerPage(others, P2, "Sports")).isSameAs(others);
    }

    @Test
    void providerPageNeedsAnIdentifierAndALabel() {
        byte[] body = utf8("<MediaContainer title1=\"\"/>");
        assertThat(ProviderXmlRewriter.providerPage(body, P2, "")).isSameAs(body);
        assertThat(ProviderXmlRewriter.providerPage(body, P2, null)).isSameAs(body);
        assertThat(ProviderXmlRewriter.providerPage(body, null, "Sports")).isSameAs(body);
        assertThat(ProviderXmlRewriter.providerPage(body, "com.plexapp.plugins.library", "Sports")).isSameAs(body);
    }

    // --- identity -------------------------------------------------------------------------------------------

    @Test
    void spoofIdentityRenamesOnlyTheRootFriendlyName() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer size=\"0\" claimed=\"1\" "
                + "machineIdentifier=\"0123abcd\" friendlyName=\"Basement\" version=\"1.41\">\n"
                + "<Server friendlyName=\"Basement\" machineIdentifier=\"0123abcd\" />\n</MediaContainer>\n";
        assertThat(spoof(xml, "Sports <HD>")).isEqualTo(xml.replace("friendlyName=\"Basement\" version",
                "friendlyName=\"Sports &lt;HD&gt;\" version"));
        byte[] noName = utf8(
                "<MediaContainer machineIdentifier=\"0123abcd\"><Server friendlyName=\"x\"/></MediaContainer>");
        assertThat(ProviderXmlRewriter.spoofIdentity(noName, "Sports")).isSameAs(noName);
        byte[] same = utf8("<MediaContainer friendlyName=\"Sports\"/>");
        assertThat(ProviderXmlRewriter.spoofIdentity(same, "Sports")).isSameAs(same);
        byte[] body = utf8(xml);
        assertThat(ProviderXmlRewriter.spoofIdentity(body, "")).isSameAs(body);
        assertThat(ProviderXmlRewriter.spoofIdentity(body, null)).isSameAs(body);
    }

    // --- serialisation ----------------------------------------------------------------------------------

    @Test
    void attributeValuesAreEscapedSoTheyReadBackExactly() {
        assertThat(spoof("<M friendlyName=\"x\" summary=\"a&#10;b&#13;c&#9;d &quot;q&quot; &apos;s&apos;\"/>",
                "A&B \"q\" <x>\nl2\tt\r"))
                .isEqualTo("<M friendlyName=\"A&amp;B &quot;q&quot; &lt;x&gt;&#10;l2&#9;t&#13;\" "
                        + "summary=\"a&#10;b&#13;c&#9;d &quot;q&quot; 's'\" />");
    }

    @Test
    void textCommentsCdataAndProcessingInstructionsAreKept() {
        String xml = "<M friendlyName=\"x\">a &amp; b &lt; c &gt; d \"q\" 'a'<!-- note -->"
                + "<![CDATA[<raw> & ]]><![CDATA[]]><?pi data  here?><?bare?><e>&#13;&#x41;</e></M>";
        assertThat(spoof(xml, "L")).isEqualTo("<M friendlyName=\"L\">a &amp; b &lt; c &gt; d \"q\" 'a'<!-- note -->"
                + "<![CDATA[<raw> & ]]><![CDATA[]]><?pi data  here?><?bare?><e>&#13;A</e></M>");
    }

    @Test
    void emptyElementsAreSelfClosedInPlexStyle() {
        assertThat(spoof("<M friendlyName=\"x\"><a></a><b/><c x=\"1\"/><d> </d></M>", "L"))
                .isEqualTo("<M friendlyName=\"L\"><a /><b /><c x=\"1\" /><d> </d></M>");
    }

    @Test
    void namespacesAreWrittenAsRead() {
        String xml = "<p:M xmlns=\"urn:d\" a=\"1\" xmlns:p=\"urn:p\" friendlyName=\"x\" p:b=\"2\"><p:e p:c=\"3\"/>"
                + "<f xmlns:q=\"urn:q\" q:d=\"4\"/></p:M>";
        assertThat(spoof(xml, "L")).isEqualTo(xml.replace("friendlyName=\"x\"", "friendlyName=\"L\"")
                .replace("/>", " />"));
    }

    @Test
    void prologAndTailAreCopiedByteForByte() {
        String prolog = "\uFEFF<?xml version='1.0' encoding='utf-8' standalone=\"yes\" ?>\r\n<!-- a - b -->\n"
                + "<?xml-stylesheet href=\"s.xsl\"?>\t\n";
        String tail = "\r\n <!-- end --> <?after  x\ny ?>\n\n";
        String xml = prolog + "<M friendlyName=\"x\"/>" + tail;
        assertThat(spoof(xml, "L")).isEqualTo(prolog + "<M friendlyName=\"L\" />" + tail);
        String spaced = "<M friendlyName=\"x\"><a/></M\n>" + tail;
        assertThat(spoof(spaced, "L")).isEqualTo("<M friendlyName=\"L\"><a /></M>" + tail);
    }

    @Test
    void largeCrlfBodyKeepsItsTail() {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<MediaContainer friendlyName=\"x\">";
        String items = "<Video title=\"é 🎬\" summary=\"s&#10;t\"/>\r\n".repeat(40_000);
        String tail = "\r\n<!-- end -->\r\n";
        String xml = head + items + "</MediaContainer>" + tail;
        assertThat(xml.length()).isGreaterThan(1_500_000);
        String expected = head.replace("\"x\"", "\"L\"")
                + "<Video title=\"é 🎬\" summary=\"s&#10;t\" />\n".repeat(40_000) + "</MediaContainer>" + tail;
        assertThat(spoof(xml, "L")).isEqualTo(expected);
    }

    @Test
    void unrelatedDocumentIsTheSameArray() {
        byte[] body = utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer size=\"1\">\n"
                + "<Directory key=\"/library\" title=\"Live TV &amp; DVR\"/>\n</MediaContainer>\n");
        assertThat(ProviderXmlRewriter.mediaProviders(body, LABELS, true)).isSameAs(body);
        assertThat(ProviderXmlRewriter.spoofIdentity(body, "Sports")).isSameAs(body);
    }

    @Test
    void bodiesThatCannotBeCopiedFaithfullyAreReturnedUnchanged() {
        String provider = "<MediaProvider identifier=\"" + P2 + "\" title=\"x\"/>";
        byte[][] bodies = {
            utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><M friendlyName=\"x\">" + provider + "</M>"),
            "<M friendlyName=\"Caf\u00e9\">".concat(provider).concat("</M>").getBytes(StandardCharsets.ISO_8859_1),
            "<M friendlyName=\"x\">".concat(provider).concat("</M>").getBytes(StandardCharsets.UTF_16),
            utf8("<!DOCTYPE M [<!ENTITY e \"boom\">]><M friendlyName=\"x\">" + provider + "</M>"),
            utf8("<!DOCTYPE M><M friendlyName=\"x\">" + provider + "</M>"),
            utf8("<M friendlyName=\"x\">" + provider),
            utf8("<M friendlyName=\"x\">" + provider + "</M><M/>"),
            utf8("<M friendlyName=\"x\">" + provider + "</M>trailing text"),
            utf8("<M friendlyName=\"x\">" + provider + "<e>&undeclared;</e></M>"),
            utf8("<M friendlyName=\"x\" friendlyName=\"y\">" + provider + "</M>"),
            utf8("junk <M friendlyName=\"x\">" + provider + "</M>"),
            utf8(""),
        };
        for (byte[] body : bodies) {
            assertThat(ProviderXmlRewriter.mediaProviders(body, LABELS, true)).isSameAs(body);
            assertThat(ProviderXmlRewriter.spoofIdentity(body, "L")).isSameAs(body);
            assertThat(ProviderXmlRewriter.providerPage(body, P2, "L")).isSameAs(body);
        }
        // The same documents, well-formed and in UTF-8, are rewritten: the cases above fail for their flaw alone.
        assertThat(ProviderXmlRewriter.mediaProviders(utf8("<M friendlyName=\"x\">" + provider + "</M>"), LABELS, true))
                .isNotEqualTo(utf8("<M friendlyName=\"x\">" + provider + "</M>"));
        assertThat(ProviderXmlRewriter.mediaProviders(
                utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><M friendlyName=\"Café\">" + provider + "</M>"),
                LABELS, true)).isNotEqualTo(
                utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><M friendlyName=\"Café\">" + provider + "</M>"));
    }
}
