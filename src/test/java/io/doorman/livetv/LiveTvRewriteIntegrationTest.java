package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.config.LiveTvSettings;
import io.doorman.config.Secret;
import io.doorman.plex.PmsClient;
import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Response rewriting through the real proxy against the fake PMS: allowTuners hints (plain, gzip, JSON), the
 * limits on what is held, Accept-Encoding narrowing, provider labels from /livetv/dvrs and -spoof-identity.
 */
class LiveTvRewriteIntegrationTest {

    static final String OWNER = "owner-token-DDDD4444";
    static final String SHARED = "shared-user-EEEE5555";
    static final String XML = "application/xml; charset=utf-8";

    FakePms pms;
    ProxyServer proxy;
    ProviderLabels labels;
    final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startPms() {
        pms = FakePms.start();
        pms.addToken(OWNER);
        pms.addToken(SHARED);
        pms.ownerToken(OWNER);
    }

    /** A proxy with elevation, labels (refreshed every second) and spoof-identity, holding at most maxBytes. */
    private void startProxy(int maxBytes, boolean spoof) throws Exception {
        LiveTvSettings lt = LiveTvSettings.disabled().withToken(new Secret(OWNER)).withOwnerToken(new Secret(OWNER))
                .withElevateLiveTv(true).withProviderLabels(true).withSpoofIdentity(spoof);
        HttpClient http = HttpClient.newHttpClient();
        labels = new ProviderLabels(new PmsClient(pms.baseUri(), http), OWNER, "iptvtunerr-", Duration.ofSeconds(1), System::nanoTime);
        LiveTvResponseRewriter rewriter = new LiveTvResponseRewriter(true, labels, spoof, maxBytes);
        proxy = LiveTvTestProxies.start(pms,
                LiveTvTestProxies.policy(lt, pms, lines::add, rewriter::mayRewrite, null, null), rewriter);
    }

    private void startProxyWithLabelsLoaded() throws Exception {
        startProxy(LiveTvSettings.DEFAULT_REWRITE_MAX_BYTES, true);
        labels.refresh().join();
        assertThat(labels.current()).hasSize(3);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.shutdown(Duration.ofSeconds(1));
        }
        pms.close();
        assertThat(String.join("\n", lines)).doesNotContain(OWNER).doesNotContain(SHARED);
    }

    private RawResponse get(String target, String... headers) throws Exception {
        return request(proxy.address(), target, headers);
    }

    /** The same request straight to the fake PMS: what the proxy's answer is compared with. */
    private RawResponse directGet(String target, String... headers) throws Exception {
        return request(pms.address(), target, headers);
    }

    private static RawResponse request(java.net.InetSocketAddress to, String target, String... headers)
            throws Exception {
        try (RawHttp c = RawHttp.connect(to)) {
            StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: media.example.com\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            c.send(sb.append("\r\n").toString());
            return c.readResponse();
        }
    }

    /** The latest request PMS got for this path (the label map's background reads come in between). */
    private io.doorman.testkit.RecordedRequest lastTo(String path) {
        return pms.requests().reversed().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void script(String path, int status, String type, byte[] body, String... moreHeaders) {
        List<Map.Entry<String, String>> h = new java.util.ArrayList<>();
        h.add(Map.entry("Content-Type", type));
        for (int i = 0; i < moreHeaders.length; i += 2) {
            h.add(Map.entry(moreHeaders[i], moreHeaders[i + 1]));
        }
        pms.script(path, status, h, body);
    }

    @Test
    void hintsAreRewrittenOnTheSpecsPathsAndNothingElseChanges() throws Exception {
        startProxy(LiveTvSettings.DEFAULT_REWRITE_MAX_BYTES, false);
        RawResponse direct = directGet("/?X-Plex-Token=" + SHARED);
        assertThat(direct.bodyText()).contains("allowTuners=\"0\"");
        RawResponse root = get("/?X-Plex-Token=" + SHARED);
        assertThat(lastTo("/").queryParam("X-Plex-Token")).as("/ is not elevated").isEqualTo(SHARED);
        assertThat(root.bodyText()).isEqualTo(direct.bodyText().replace("allowTuners=\"0\"", "allowTuners=\"1\""));
        assertThat(root.header("Content-Length")).isEqualTo(Integer.toString(root.body().length));

        RawResponse prefs = get("/:/prefs?X-Plex-Token=" + SHARED);
        assertThat(prefs.bodyText()).contains("<Setting id=\"allowTuners\" value=\"1\"").doesNotContain("value=\"0\" ")
                .isEqualTo(directGet("/:/prefs?X-Plex-Token=" + SHARED).bodyText()
                        .replace("<Setting id=\"allowTuners\" value=\"0\"", "<Setting id=\"allowTuners\" value=\"1\""));

        String json = "{\"MediaContainer\":{\"size\":1,\"allowTuners\":0,\"x\":{\"allowTuners\": false}}}";
        script("/media/providers", 200, "application/json", utf8(json));
        assertThat(get("/media/providers?X-Plex-Token=" + SHARED).bodyText())
                .isEqualTo("{\"MediaContainer\":{\"size\":1,\"allowTuners\":1,\"x\":{\"allowTuners\": true}}}");

        script("/identity", 200, XML, utf8("<MediaContainer allowTuners=\"0\"/>"), "ETag", "\"pms-1\"");
        RawResponse tagged = get("/identity");
        assertThat(tagged.bodyText()).isEqualTo("<MediaContainer allowTuners=\"1\"/>");
        assertThat(tagged.header("ETag")).as("PMS's validator does not name the rewritten bytes").isNull();
        script("/identity", 200, XML, utf8("<MediaContainer allowTuners=\"1\"/>"), "ETag", "\"pms-2\"");
        assertThat(get("/identity").header("ETag")).as("unchanged body keeps it").isEqualTo("\"pms-2\"");

        script("/library/sections/1/all", 200, XML, utf8("<MediaContainer allowTuners=\"0\"/>"));
        assertThat(get("/library/sections/1/all?X-Plex-Token=" + SHARED).bodyText()).as("not one of the spec's paths")
                .isEqualTo("<MediaContainer allowTuners=\"0\"/>");
    }

    @Test
    void onlySmallXmlOrJsonTwoHundredsAreHeld() throws Exception {
        startProxy(1024, false);
        String hint = "<MediaContainer allowTuners=\"0\"/>";
        script("/identity", 404, XML, utf8(hint));
        assertThat(get("/identity").bodyText()).as("404 untouched").isEqualTo(hint);
        script("/identity", 200, "text/html", utf8(hint));
        assertThat(get("/identity").bodyText()).as("HTML untouched").isEqualTo(hint);
        script("/identity", 200, "", utf8(hint));
        assertThat(get("/identity").bodyText()).as("no content type: the spec rewrites")
                .isEqualTo("<MediaContainer allowTuners=\"1\"/>");
        String big = "<MediaContainer allowTuners=\"0\">" + "<Directory title=\"x\" />".repeat(200) + "</MediaContainer>";
        script("/identity", 200, XML, utf8(big));
        RawResponse r = get("/identity");
        assertThat(r.bodyText()).as("larger than the limit: streams untouched").isEqualTo(big);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(big.length()));
        script("/identity", 200, XML, utf8(hint), "Content-Encoding", "br");
        assertThat(get("/identity").bodyText()).as("an encoding Doorman cannot decode").isEqualTo(hint);
    }

    @Test
    void gzipBodiesAreDecodedRewrittenAndReEncodedAndBrokenGzipPassesThrough() throws Exception {
        startProxy(LiveTvSettings.DEFAULT_REWRITE_MAX_BYTES, false);
        RawResponse r = get("/?X-Plex-Token=" + SHARED, "Accept-Encoding: br, gzip");
        assertThat(lastTo("/").header("Accept-Encoding")).as("narrowed to what Doorman decodes").isEqualTo("gzip");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
        String plain = new String(GzipBodies.decode(r.body(), 1 << 20), StandardCharsets.UTF_8);
        assertThat(plain).isEqualTo(directGet("/?X-Plex-Token=" + SHARED).bodyText()
                .replace("allowTuners=\"0\"", "allowTuners=\"1\""));

        get("/?X-Plex-Token=" + SHARED, "Accept-Encoding: br");
        assertThat(lastTo("/").header("Accept-Encoding")).isEqualTo("identity");
        get("/library/sections?X-Plex-Token=" + SHARED, "Accept-Encoding: br");
        assertThat(lastTo("/library/sections").header("Accept-Encoding")).as("no rewrite, no narrowing").isEqualTo("br");

        byte[] broken = GzipBodies.encode(utf8("<MediaContainer allowTuners=\"0\"/>"));
        broken = java.util.Arrays.copyOf(broken, broken.length - 6); // truncated: no valid trailer
        script("/identity", 200, XML, broken, "Content-Encoding", "gzip");
        RawResponse b = get("/identity", "Accept-Encoding: gzip");
        assertThat(b.body()).as("invalid gzip passes byte-identical").isEqualTo(broken);
    }

    @Test
    void providersAndProviderPagesCarryTheirLineupNames() throws Exception {
        startProxyWithLabelsLoaded();
        assertThat(labels.current()).containsExactly(Map.entry("tv.plex.providers.epg.xmltv:2", "Sports Feed"),
                Map.entry("tv.plex.providers.epg.xmltv:5", "News"),
                Map.entry("tv.plex.providers.epg.xmltv:7", "Movies & More"));
        RawResponse gz = get("/media/providers?X-Plex-Token=" + SHARED, "Accept-Encoding: gzip");
        assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
        String body = new String(GzipBodies.decode(gz.body(), 1 << 22), StandardCharsets.UTF_8);
        assertThat(body).contains("friendlyName=\"Sports Feed\" sourceTitle=\"Sports Feed\" title=\"Sports Feed\"")
                .contains("title=\"Movies &amp; More\"")
                .contains("<Directory key=\"/tv.plex.providers.epg.xmltv:2/watchnow\" title=\"Sports Feed Guide\" />")
                .contains("friendlyName=\"Movies &amp; More · News · Sports Feed\"")
                .contains("machineIdentifier=\"fake-machine-id\"")
                .doesNotContain("allowTuners=\"0\"")
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        assertThat(body).as("the library provider keeps its name").contains("title=\"Recording Schedule\"");

        String page = get("/tv.plex.providers.epg.xmltv:5/watchnow?X-Plex-Token=" + SHARED).bodyText();
        assertThat(page).contains("title1=\"News\"").contains("title2=\"News\"").doesNotContain("Live TV &amp; DVR\"");
        String json = get("/tv.plex.providers.epg.xmltv:5/watchnow?X-Plex-Token=" + SHARED,
                "Accept: application/json").bodyText();
        assertThat(json).as("JSON pages keep their titles").contains("Live TV & DVR").doesNotContain("\"News\"");
        assertThat(get("/tv.plex.providers.epg.xmltv:9?X-Plex-Token=" + SHARED).status()).isEqualTo(404);
    }

    @Test
    void spoofIdentityNamesTheRefererProviderAndNeverTouchesTheMachineIdentifier() throws Exception {
        startProxyWithLabelsLoaded();
        String plain = directGet("/identity").bodyText();
        String spoofed = get("/identity?X-Plex-Token=" + SHARED,
                "Referer: https://app.plex.tv/desktop/#!/media/fake-machine-id/tv.plex.providers.epg.xmltv%3A5/watchnow")
                .bodyText();
        assertThat(spoofed).isEqualTo(plain.replace("friendlyName=\"Fake PMS\"", "friendlyName=\"News\""));
        assertThat(get("/identity?X-Plex-Token=" + SHARED).bodyText()).as("no Referer, no change").isEqualTo(plain);
        assertThat(get("/identity?X-Plex-Token=" + SHARED, "Referer: https://app.plex.tv/desktop/#!/settings")
                .bodyText()).as("a Referer naming no provider").isEqualTo(plain);
    }

    @Test
    void withoutSpoofIdentityTheServerKeepsItsName() throws Exception {
        startProxy(LiveTvSettings.DEFAULT_REWRITE_MAX_BYTES, false);
        labels.refresh().join();
        String ref = "Referer: https://app.plex.tv/desktop/#!/provider/tv.plex.providers.epg.xmltv:5/watchnow";
        assertThat(get("/identity", ref).bodyText()).isEqualTo(directGet("/identity").bodyText());
        String providers = get("/media/providers?X-Plex-Token=" + SHARED).bodyText();
        assertThat(providers).contains("friendlyName=\"Fake PMS\" identifier=\"com.plexapp.plugins.library\"")
                .contains("friendlyName=\"Sports Feed\"");
    }

    @Test
    void theLabelMapRefreshesOneAtATimeKeepsThePreviousMapOnErrorAndRetriesAFailedFirstLoad() throws Exception {
        pms.dvrsStatus(500);
        startProxy(LiveTvSettings.DEFAULT_REWRITE_MAX_BYTES, false);
        labels.refresh().join();
        assertThat(labels.current()).as("a failed first load is not fatal").isEmpty();
        assertThat(get("/media/providers?X-Plex-Token=" + SHARED).bodyText()).contains("title=\"Live TV &amp; DVR\"");
        pms.dvrsStatus(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get("/media/providers?X-Plex-Token=" + SHARED).bodyText()).contains("friendlyName=\"Sports Feed\""));

        pms.dvrsStatus(500);
        Thread.sleep(1100); // past the refresh time: the next use refreshes, fails, keeps the map
        labels.current();
        labels.refresh().join();
        assertThat(labels.failures()).isGreaterThanOrEqualTo(2);
        assertThat(get("/media/providers?X-Plex-Token=" + SHARED).bodyText()).contains("friendlyName=\"Sports Feed\"");

        pms.dvrsStatus(200);
        pms.dvrsXml(FakePms.defaultDvrsXml().replace("iptvtunerr-Sports Feed", "iptvtunerr-Sports Two"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get("/media/providers?X-Plex-Token=" + SHARED).bodyText()).contains("friendlyName=\"Sports Two\""));

        Thread.sleep(1100);
        int before = pms.dvrsRequests();
        List<Thread> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(Thread.ofVirtual().start(labels::current));
        }
        for (Thread t : burst) {
            t.join();
        }
        labels.refresh().join();
        assertThat(pms.dvrsRequests() - before).as("one refresh at a time").isBetween(1, 2);
    }

    @Test
    void unrelatedXmlAndLargeMediaPassByteIdentical() throws Exception {
        startProxyWithLabelsLoaded();
        String sections = directGet("/library/sections?X-Plex-Token=" + SHARED).bodyText();
        assertThat(get("/library/sections?X-Plex-Token=" + SHARED).bodyText()).isEqualTo(sections);
        String unrelated = "<?xml version='1.0'?>\r\n<MediaContainer  title1='Live TV &amp; DVR'\tfriendlyName=\"x\">"
                + "<Directory title=\"Guide\" key=\"/tv.plex.providers.epg.xmltv:2/watchnow\"></Directory><!-- c --></MediaContainer>\n";
        script("/tv.plex.providers.epg.xmltv:3/watchnow", 200, XML, utf8(unrelated));
        assertThat(get("/tv.plex.providers.epg.xmltv:3/watchnow?X-Plex-Token=" + SHARED).body())
                .as("a provider without a label: byte-identical").isEqualTo(utf8(unrelated));
        long n = 12L << 20; // RawHttp keeps up to 16 MiB of a body
        RawResponse media = get("/bytes/" + n);
        assertThat(media.bodyLength()).isEqualTo(n);
        assertThat(FakePms.sha256Hex(media.body())).isEqualTo(FakePms.sha256Hex(expectedPattern(n)));
    }

    private static byte[] expectedPattern(long n) {
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = FakePms.patternByte(i);
        }
        return b;
    }
}
