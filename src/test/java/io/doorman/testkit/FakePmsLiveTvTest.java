package io.doorman.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Exercises the fake PMS's Live TV routes and scripted answers directly, over real sockets. */
class FakePmsLiveTvTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P2 = "tv.plex.providers.epg.xmltv:2";
    private static final String OWNER = "owner-token-1";

    private FakePms pms;

    @BeforeEach
    void startFake() {
        pms = FakePms.start();
    }

    @AfterEach
    void stopFake() {
        pms.close();
    }

    private RawResponse send(String method, String target, String... headers) throws Exception {
        try (RawHttp raw = RawHttp.connect(pms.address())) {
            StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: pms\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            raw.send(sb.append("\r\n").toString());
            return raw.readResponse(method.equals("HEAD"));
        }
    }

    private RawResponse get(String target, String... headers) throws Exception {
        return send("GET", target, headers);
    }

    private static Element xml(RawResponse res) throws Exception {
        assertThat(res.header("Content-Type")).isEqualTo("application/xml; charset=utf-8");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(res.body())).getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static JsonNode json(RawResponse res) throws Exception {
        assertThat(res.header("Content-Type")).isEqualTo("application/json");
        return JSON.readTree(res.body()).get("MediaContainer");
    }

    @Test
    void dvrsListsThreeDvrsLabelledThreeWaysAndCountsRequests() throws Exception {
        RawResponse res = get("/livetv/dvrs?X-Plex-Token=t", "Accept: application/xml");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.bodyText()).isEqualTo(FakePms.defaultDvrsXml()).contains("\" />\n");
        Element root = xml(res);
        assertThat(root.getAttribute("size")).isEqualTo("3");
        List<Element> dvrs = children(root, "Dvr");
        assertThat(dvrs).extracting(d -> d.getAttribute("key")).containsExactly("2", "5", "7");
        assertThat(dvrs.get(0).getAttribute("lineupTitle")).isEqualTo("iptvtunerr-Sports Feed");
        assertThat(dvrs.get(1).getAttribute("lineupTitle")).isEmpty();
        assertThat(dvrs.get(1).hasAttribute("lineupTitle")).isTrue();
        assertThat(dvrs.get(1).getAttribute("title")).isEqualTo("iptvtunerr-News");
        assertThat(dvrs.get(2).hasAttribute("lineupTitle") || dvrs.get(2).hasAttribute("title")).isFalse();
        assertThat(dvrs.get(2).getAttribute("lineup")).isEqualTo("lineup://tv.plex.providers.epg.xmltv/"
                + "http%3A%2F%2F127.0.0.1%3A5004%2Fguide.xml#iptvtunerr-Movies%20%26%20More");
        assertThat(children(root, "Device")).hasSize(3);
        assertThat(pms.dvrsRequests()).isEqualTo(1);
    }

    @Test
    void dvrsStatusAndBodySwitchWhileRunning() throws Exception {
        pms.dvrsStatus(500);
        assertThat(get("/livetv/dvrs").status()).isEqualTo(500);
        pms.dvrsStatus(200);
        pms.dvrsXml("<MediaContainer size=\"0\" />");
        assertThat(get("/livetv/dvrs").bodyText()).isEqualTo("<MediaContainer size=\"0\" />");
        pms.dvrsXml(null);
        assertThat(get("/livetv/dvrs").bodyText()).isEqualTo(FakePms.defaultDvrsXml());
        assertThat(send("POST", "/livetv/dvrs").status()).isEqualTo(405);
        assertThat(get("/livetv/dvrs/2").status()).as("only the list itself").isEqualTo(404);
        assertThat(pms.dvrsRequests()).isEqualTo(4);
        assertThatThrownBy(() -> pms.dvrsStatus(99)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providersAnswerXmlByDefaultAndJsonOnAccept() throws Exception {
        RawResponse res = get("/media/providers?X-Plex-Token=t");
        assertThat(res.bodyText()).contains("title=\"Live TV &amp; DVR\"").doesNotContain("& ");
        Element root = xml(res);
        assertThat(root.getAttribute("friendlyName")).isEqualTo("Fake PMS");
        assertThat(root.getAttribute("machineIdentifier")).isEqualTo("fake-machine-id");
        assertThat(root.getAttribute("identifier")).isEqualTo("com.plexapp.plugins.library");
        assertThat(root.getAttribute("allowTuners")).isEqualTo("0");
        List<Element> providers = children(root, "MediaProvider");
        assertThat(providers).extracting(p -> p.getAttribute("identifier")).containsExactly(
                "com.plexapp.plugins.library", P2, "tv.plex.providers.epg.xmltv:5", "tv.plex.providers.epg.xmltv:7");
        Element two = providers.get(1);
        assertThat(two.getAttribute("title")).isEqualTo("Live TV & DVR");
        assertThat(two.getAttribute("sourceTitle")).isEqualTo("Fake PMS");
        assertThat(providers.get(3).hasAttribute("sourceTitle")).as("one provider lacks it").isFalse();
        List<Element> dirs = children(two, "Directory");
        assertThat(dirs).anySatisfy(d -> assertThat(List.of(d.getAttribute("id"), d.getAttribute("title")))
                .containsExactly(P2, "Live TV & DVR"));
        assertThat(dirs).anySatisfy(d -> assertThat(List.of(d.getAttribute("key"), d.getAttribute("title")))
                .containsExactly("/" + P2 + "/watchnow", "Guide"));

        JsonNode mc = json(get("/media/providers", "Accept: application/json"));
        assertThat(mc.get("allowTuners").isInt()).isTrue();
        assertThat(mc.get("allowTuners").asInt()).isZero();
        assertThat(mc.get("friendlyName").asText()).isEqualTo("Fake PMS");
        assertThat(mc.get("MediaProvider")).hasSize(4);
        JsonNode content = mc.get("MediaProvider").get(1).get("Feature").get(0);
        assertThat(content.get("type").asText()).isEqualTo("content");
        assertThat(content.get("Directory").get(0).get("title").asText()).isEqualTo("Live TV & DVR");
        assertThat(get("/media/providers", "Accept: application/json").bodyText()).contains("\"allowTuners\":0,");
    }

    @Test
    void onlyTheOwnerTokenSeesAllowTuners() throws Exception {
        pms.ownerToken(OWNER);
        for (String path : List.of("/", "/media/providers", "/" + P2)) {
            assertThat(xml(get(path + "?X-Plex-Token=" + OWNER)).getAttribute("allowTuners")).as(path).isEqualTo("1");
            assertThat(xml(get(path, "X-Plex-Token: " + OWNER)).getAttribute("allowTuners")).as(path).isEqualTo("1");
            assertThat(xml(get(path + "?X-Plex-Token=shared")).getAttribute("allowTuners")).as(path).isEqualTo("0");
            assertThat(xml(get(path)).getAttribute("allowTuners")).as(path).isEqualTo("0");
            assertThat(xml(get(path + "?X-Plex-Token=shared", "X-Plex-Token: " + OWNER)).getAttribute("allowTuners"))
                    .as("the query token is the one PMS reads").isEqualTo("0");
        }
        assertThat(get("/:/prefs?X-Plex-Token=" + OWNER).bodyText()).contains("<Setting id=\"allowTuners\" value=\"1\" ");
        assertThat(get("/:/prefs?X-Plex-Token=shared").bodyText()).contains("<Setting id=\"allowTuners\" value=\"0\" ");
        assertThat(json(get("/media/providers?X-Plex-Token=" + OWNER, "Accept: application/json"))
                .get("allowTuners").asInt()).isEqualTo(1);
        // Only the hint differs; the rest of / is the body it always was.
        String owner = get("/?X-Plex-Token=" + OWNER).bodyText();
        String other = get("/?X-Plex-Token=shared").bodyText();
        assertThat(other.replace("allowTuners=\"0\"", "allowTuners=\"1\"")).isEqualTo(owner);
        assertThat(other).contains("allowSync=\"1\" allowTuners=\"0\" backgroundProcessing=\"1\"");
    }

    @Test
    void gzipWhenAcceptedDecompressesToTheIdentityBody() throws Exception {
        pms.ownerToken(OWNER);
        for (String path : List.of("/livetv/dvrs", "/media/providers", "/" + P2 + "/watchnow", "/:/prefs", "/",
                "/identity", "/:/timeline")) {
            for (String accept : List.of("Accept: application/xml", "Accept: application/json")) {
                RawResponse plain = get(path, accept, "Accept-Encoding: identity");
                assertThat(plain.header("Content-Encoding")).as(path).isNull();
                RawResponse gz = get(path, accept, "Accept-Encoding: deflate, gzip;q=0.8, br");
                assertThat(gz.header("Content-Encoding")).as(path).isEqualTo("gzip");
                assertThat(gz.header("Content-Length")).isEqualTo(Integer.toString(gz.body().length));
                assertThat(gz.header("Content-Type")).isEqualTo(plain.header("Content-Type"));
                byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
                assertThat(new String(inflated, StandardCharsets.UTF_8)).as(path).isEqualTo(plain.bodyText());
            }
        }
        assertThat(get("/media/providers", "Accept-Encoding: gzip;q=0").header("Content-Encoding")).isNull();
        assertThat(get("/media/providers").header("Content-Encoding")).isNull();
        RawResponse head = send("HEAD", "/media/providers", "Accept-Encoding: gzip");
        assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(head.header("Content-Length")).isEqualTo(
                Integer.toString(get("/media/providers", "Accept-Encoding: gzip").body().length));
    }

    @Test
    void providerPagesAnswerXmlOrJsonAnd404ForUnknownProviders() throws Exception {
        RawResponse res = get("/" + P2);
        assertThat(res.bodyText()).contains("&#10;").contains("&amp;");
        Element root = xml(res);
        assertThat(root.getAttribute("title1")).isEqualTo("Live TV & DVR");
        assertThat(root.getAttribute("title2")).isEqualTo("Guide");
        assertThat(root.getAttribute("friendlyName")).isEqualTo("Fake PMS");
        assertThat(root.getAttribute("allowTuners")).isEqualTo("0");
        List<Element> dirs = children(root, "Directory");
        assertThat(dirs).extracting(d -> d.getAttribute("title")).contains("Live TV & DVR", "Guide");
        assertThat(dirs).anySatisfy(d -> assertThat(d.getAttribute("key")).isEqualTo("/" + P2 + "/watchnow"));
        assertThat(children(root, "Video").getFirst().getAttribute("summary")).contains("\n").contains("&");

        Element discover = xml(get("/tv.plex.providers.epg.xmltv:5/hubs/discover"));
        assertThat(discover.getAttribute("title1")).isEqualTo("Guide");
        assertThat(discover.getAttribute("identifier")).isEqualTo("tv.plex.providers.epg.xmltv:5");

        JsonNode mc = json(get("/" + P2 + "/watchnow", "Accept: application/json, text/plain"));
        assertThat(mc.get("allowTuners").isBoolean()).isTrue();
        assertThat(mc.get("allowTuners").asBoolean()).isFalse();
        assertThat(mc.get("title2").asText()).isEqualTo("Guide");
        assertThat(mc.get("Directory")).hasSize(3);
        assertThat(mc.get("Metadata").get(0).get("summary").asText()).contains("\n").contains("&");

        for (String unknown : List.of("/tv.plex.providers.epg.xmltv:9", "/tv.plex.providers.epg.xmltv:9/watchnow",
                "/tv.plex.providers.epg.xmltv:", "/tv.plex.providers.epg.xmltv:x2")) {
            assertThat(get(unknown).status()).as(unknown).isEqualTo(404);
        }
        assertThat(send("DELETE", "/" + P2).status()).isEqualTo(405);
    }

    @Test
    void prefsListSettingsInXmlAndJson() throws Exception {
        Element root = xml(get("/:/prefs"));
        List<Element> settings = children(root, "Setting");
        assertThat(root.getAttribute("size")).isEqualTo(Integer.toString(settings.size()));
        assertThat(settings).extracting(s -> s.getAttribute("id")).contains("FriendlyName", "allowTuners",
                "RelayEnabled", "customConnections", "ManualPortMappingMode");
        for (Element s : settings) {
            for (String attr : List.of("label", "summary", "type", "default", "value", "hidden", "advanced", "group")) {
                assertThat(s.hasAttribute(attr)).as(s.getAttribute("id") + " " + attr).isTrue();
            }
        }
        JsonNode mc = json(get("/:/prefs", "Accept: application/json"));
        assertThat(mc.get("Setting")).hasSize(settings.size());
        assertThat(mc.get("Setting").get(0).get("value").asText()).isEqualTo("Fake PMS");
    }

    @Test
    void prefsChangeByTheOwnersPutAllOrNothing() throws Exception {
        pms.ownerToken(OWNER);
        pms.addToken("shared-token-2");
        assertThat(pms.pref("RelayEnabled")).isEqualTo("true");
        String put = "/:/prefs?RelayEnabled=0&ManualPortMappingMode=true&ManualPortMappingPort=443"
                + "&customConnections=https%3A%2F%2Fm.example.com%3A443&X-Plex-Token=" + OWNER;
        assertThat(send("PUT", put, "Content-Length: 0").status()).isEqualTo(200);
        assertThat(children(xml(get("/:/prefs?X-Plex-Token=" + OWNER)), "Setting"))
                .filteredOn(e -> List.of("RelayEnabled", "ManualPortMappingMode", "ManualPortMappingPort",
                        "customConnections").contains(e.getAttribute("id")))
                .extracting(e -> e.getAttribute("value")).containsExactly("false", "https://m.example.com:443", "true", "443");
        JsonNode relay = json(get("/:/prefs?X-Plex-Token=" + OWNER, "Accept: application/json")).get("Setting").get(1);
        assertThat(relay.get("id").asText()).isEqualTo("allowTuners");

        assertThat(send("PUT", "/:/prefs?RelayEnabled=1&NoSuchPref=1&X-Plex-Token=" + OWNER, "Content-Length: 0")
                .status()).isEqualTo(400);
        assertThat(send("PUT", "/:/prefs?ManualPortMappingPort=abc&X-Plex-Token=" + OWNER, "Content-Length: 0")
                .status()).isEqualTo(400);
        assertThat(send("PUT", "/:/prefs?RelayEnabled=1&X-Plex-Token=shared-token-2", "Content-Length: 0").status())
                .isEqualTo(403);
        assertThat(send("PUT", "/:/prefs?RelayEnabled=1", "Content-Length: 0").status()).isEqualTo(401);
        assertThat(pms.pref("RelayEnabled")).as("nothing changed").isEqualTo("false");
        assertThat(pms.pref("ManualPortMappingPort")).isEqualTo("443");

        pms.prefsNumericBooleans(true);
        assertThat(get("/:/prefs").bodyText()).contains("id=\"RelayEnabled\"").contains("value=\"0\"")
                .doesNotContain("value=\"false\"");
        pms.pref("RelayEnabled", "true");
        assertThat(pms.pref("RelayEnabled")).isEqualTo("1");
    }

    @Test
    void playbackReportsAnswerAnyMethodAndRecordTheirTokens() throws Exception {
        String empty = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MediaContainer size=\"0\" />\n";
        assertThat(get("/:/timeline?state=playing&X-Plex-Token=user-a").bodyText()).isEqualTo(empty);
        assertThat(send("POST", "/:/scrobble?key=5", "X-Plex-Token: owner-b", "Content-Length: 0").bodyText())
                .isEqualTo(empty);
        assertThat(send("PUT", "/:/unscrobble?ratingKey=5", "Content-Length: 0").status()).isEqualTo(200);
        assertThat(xml(get("/:/progress?X-Plex-Token=user-c")).getAttribute("size")).isEqualTo("0");
        List<RecordedRequest> seen = pms.requests();
        assertThat(seen).extracting(RecordedRequest::path)
                .containsExactly("/:/timeline", "/:/scrobble", "/:/unscrobble", "/:/progress");
        assertThat(seen.get(0).queryParam("X-Plex-Token")).isEqualTo("user-a");
        assertThat(seen.get(1).header("X-Plex-Token")).isEqualTo("owner-b");
        assertThat(seen.get(2).queryParam("X-Plex-Token")).isNull();
    }

    @Test
    void playbackDelayHoldsOnlyPlaybackAnswers() throws Exception {
        pms.playbackDelay(Duration.ofMinutes(1));
        try (RawHttp held = RawHttp.connect(pms.address())) {
            held.send("GET /:/timeline?state=playing HTTP/1.1\r\nHost: pms\r\n\r\n");
            pms.awaitRequest(r -> r.path().equals("/:/timeline"), Duration.ofSeconds(5));
            assertThat(get("/identity").status()).as("other routes answer meanwhile").isEqualTo(200);
            held.setReadTimeout(Duration.ofMillis(300));
            assertThatThrownBy(held::readResponse).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void scriptedAnswersAreByteExactAndWinOverRoutes() throws Exception {
        byte[] brokenGzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};
        pms.script("/media/providers", 200, List.of(Map.entry("Content-Type", "text/xml;charset=utf-8"),
                Map.entry("Content-Encoding", "gzip")), brokenGzip);
        try (RawHttp raw = RawHttp.connect(pms.address())) {
            raw.send("GET /media/providers?X-Plex-Token=t HTTP/1.1\r\nHost: pms\r\n\r\n");
            RawResponse res = raw.readResponse();
            assertThat(res.headers()).containsExactly(Map.entry("Content-Type", "text/xml;charset=utf-8"),
                    Map.entry("Content-Encoding", "gzip"), Map.entry("Content-Length", "7"));
            assertThat(res.body()).isEqualTo(brokenGzip);
            raw.send("HEAD /media/providers HTTP/1.1\r\nHost: pms\r\n\r\n");
            assertThat(raw.readResponse(true).header("Content-Length")).isEqualTo("7");
            raw.send("GET /identity HTTP/1.1\r\nHost: pms\r\n\r\n");
            assertThat(raw.readResponse().bodyText()).as("HEAD sent no body bytes").contains("fake-machine-id");
        }
        pms.script("/identity", 503, List.of(Map.entry("Content-Length", "3")), "abc".getBytes(StandardCharsets.UTF_8));
        RawResponse own = get("/identity");
        assertThat(own.status()).isEqualTo(503);
        assertThat(own.headers("Content-Length")).containsExactly("3");
        pms.clearScripts();
        assertThat(get("/identity").status()).isEqualTo(200);
        assertThat(xml(get("/media/providers")).getAttribute("friendlyName")).isEqualTo("Fake PMS");
        assertThatThrownBy(() -> pms.script("no-slash", 200, List.of(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
