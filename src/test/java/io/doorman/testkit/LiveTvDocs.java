package io.doorman.testkit;

import static io.doorman.testkit.PlexDoc.element;

import io.doorman.testkit.PlexDoc.Element;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake PMS's Plex-shaped Live TV documents: the DVR list, media providers, provider pages and prefs, shaped
 * like a 1.42 server with three XMLTV DVRs set up by iptvtunerr.
 */
final class LiveTvDocs {

    static final String SERVER_NAME = "Fake PMS";
    static final String LIVE_TV = "Live TV & DVR";
    static final String PROVIDER_PREFIX = "tv.plex.providers.epg.xmltv:";
    static final String LIBRARY_PROVIDER = "com.plexapp.plugins.library";
    /** The DVR keys the default documents describe; provider pages exist only for these. */
    static final List<Integer> DVR_KEYS = List.of(2, 5, 7);
    private static final String GUIDE_URL = "http%3A%2F%2F127.0.0.1%3A5004%2Fguide.xml";
    private static final String LINEUP = "lineup://tv.plex.providers.epg.xmltv/" + GUIDE_URL + "#";

    /**
     * One DVR. Each takes its label from a different place (lineupTitle, then title, then the lineup's fragment),
     * and the unused places hold other text on purpose, so a proxy that reads them in the wrong order shows it.
     */
    private record Dvr(int key, String uuid, String lineupTitle, String title, String lineupFragment) {}

    private static final List<Dvr> DVRS = List.of(
            new Dvr(2, "5f0c2a1e-7b3d-4c8e-9a6f-0d1e2f3a4b02", "iptvtunerr-Sports Feed", "iptvtunerr-Sports Backup",
                    "iptvtunerr-Sports%20Lineup"),
            new Dvr(5, "5f0c2a1e-7b3d-4c8e-9a6f-0d1e2f3a4b05", "", "iptvtunerr-News", "iptvtunerr-News%20Lineup"),
            new Dvr(7, "5f0c2a1e-7b3d-4c8e-9a6f-0d1e2f3a4b07", null, null, "iptvtunerr-Movies%20%26%20More"));

    /** The default {@code /livetv/dvrs} body (no per-token content: PMS answers it the same for everyone). */
    static final String DVRS_XML = dvrs().xml();

    private LiveTvDocs() {}

    private static Element dvrs() {
        Element root = element("MediaContainer").attr("size", DVRS.size());
        for (Dvr d : DVRS) {
            root.add(element("Dvr").attr("key", Integer.toString(d.key())).attr("uuid", d.uuid())
                    .attr("language", "eng").attr("lineupTitle", d.lineupTitle())
                    .attr("lineup", LINEUP + d.lineupFragment()).attr("title", d.title()).attr("country", "usa")
                    .attr("refreshedAt", "1735689600")
                    .add(element("Device").attr("parentID", Integer.toString(d.key()))
                            .attr("key", Integer.toString(10 + d.key()))
                            .attr("uuid", "device://tv.plex.grabbers.hdhomerun/IPTVTNR0" + d.key())
                            .attr("uri", "http://127.0.0.1:5004").attr("make", "Silicondust")
                            .attr("model", "HDHR5-4K").attr("modelNumber", "HDHR5-4K").attr("protocol", "livetv")
                            .attr("sources", "Cable").attr("state", "1").attr("status", "alive").attr("tuners", "2")
                            .attr("lastSeenAt", "1735689600"),
                            setting("minimumDuration", "Minimum duration",
                                    "Skip programmes shorter than this & keep the rest", "int", "0", "0", "recording")));
        }
        return root;
    }

    /** {@code /media/providers}: the library plus one XMLTV provider per DVR; allowTuners is "1" only for the owner. */
    static Element providers(boolean owner) {
        Element root = element("MediaContainer").attr("size", 1 + DVR_KEYS.size()).attr("allowSync", "1")
                .attr("allowTuners", owner ? "1" : "0", owner ? 1 : 0).attr("friendlyName", SERVER_NAME)
                .attr("identifier", LIBRARY_PROVIDER).attr("livetv", "7")
                .attr("machineIdentifier", PlexXml.MACHINE_ID).attr("myPlex", "1").attr("version", PlexXml.VERSION);
        root.add(element("MediaProvider").attr("identifier", LIBRARY_PROVIDER).attr("friendlyName", SERVER_NAME)
                .attr("title", "Library").attr("types", "video,audio,photo").attr("protocols", "stream,download")
                .add(element("Feature").attr("key", "/library/sections").attr("type", "content")
                                .add(element("Directory").attr("hubKey", "/hubs").attr("title", "Home"),
                                        element("Directory").attr("id", "1").attr("key", "/library/sections/1")
                                                .attr("title", "Movies").attr("type", "movie"),
                                        element("Directory").attr("id", "2").attr("key", "/library/sections/2")
                                                .attr("title", "TV Shows").attr("type", "show")),
                        element("Feature").attr("key", "/hubs/search").attr("type", "search")));
        for (int key : DVR_KEYS) {
            String id = PROVIDER_PREFIX + key;
            // DVR 7's provider has no sourceTitle, so "added if missing" has something to add.
            root.add(element("MediaProvider").attr("identifier", id).attr("id", Integer.toString(key))
                    .attr("parentID", Integer.toString(key)).attr("friendlyName", SERVER_NAME)
                    .attr("sourceTitle", key == 7 ? null : SERVER_NAME).attr("title", LIVE_TV)
                    .attr("types", "video").attr("protocols", "livetv")
                    .add(element("Feature").attr("type", "content").attr("key", "/" + id)
                                    .add(element("Directory").attr("id", id).attr("key", "/" + id)
                                                    .attr("hubKey", "/" + id + "/hubs/discover").attr("title", LIVE_TV)
                                                    .attr("icon", "https://provider-static.plex.tv/epg/images/ott/livetv.png"),
                                            element("Directory").attr("key", "/media/subscriptions/scheduled")
                                                    .attr("title", "Recording Schedule")),
                            element("Feature").attr("type", "grid").attr("key", "/" + id + "/grid")
                                    .add(element("Directory").attr("key", "/" + id + "/watchnow").attr("title", "Guide")),
                            element("Feature").attr("type", "search").attr("key", "/" + id + "/search")));
        }
        return root;
    }

    /**
     * A page under {@code /tv.plex.providers.epg.xmltv:<key>}; the hint is a JSON boolean here (PMS uses both
     * spellings), so a proxy's JSON rewriting meets {@code false} as well as {@code 0}.
     */
    static Element providerPage(int key, boolean rootPage, boolean owner) {
        String id = PROVIDER_PREFIX + key;
        return element("MediaContainer").attr("size", 4).attr("allowSync", "0")
                .attr("allowTuners", owner ? "1" : "0", owner).attr("friendlyName", SERVER_NAME)
                .attr("identifier", id).attr("machineIdentifier", PlexXml.MACHINE_ID)
                .attr("mediaTagPrefix", "/system/bundle/media/flags/").attr("mediaTagVersion", "1735689600")
                .attr("title1", rootPage ? LIVE_TV : "Guide").attr("title2", "Guide").attr("viewGroup", "secondary")
                .add(element("Directory").attr("id", id).attr("key", "/" + id).attr("hubKey", "/" + id + "/hubs/discover")
                                .attr("title", LIVE_TV),
                        element("Directory").attr("key", "/" + id + "/watchnow").attr("title", "Guide"),
                        element("Directory").attr("key", "/" + id + "/hubs/discover").attr("title", "Discover"),
                        // The summary holds a line break and an ampersand: a re-serialiser must keep both escaped.
                        element("Video").jsonAs("Metadata").attr("ratingKey", "9" + key).attr("type", "episode")
                                .attr("key", "/" + id + "/metadata/9" + key)
                                .attr("grandparentTitle", "Evening News").attr("title", "Headlines at Six")
                                .attr("summary", "Top stories tonight.\nWeather & sports at 6:30.")
                                .attr("duration", 1800000));
    }

    /** {@code /:/prefs}: the fake's settings, with the allowTuners hint second, written the way the proxy looks for it. */
    static Element prefs(boolean owner, List<Element> settings) {
        String hint = owner ? "1" : "0";
        List<Element> all = new ArrayList<>(settings);
        // id then value, as PMS writes it and as the proxy's rewrite expects.
        all.add(Math.min(1, all.size()), element("Setting").attr("id", "allowTuners").attr("value", hint, owner)
                .attr("label", "Allow Live TV tuners").attr("summary", "Let this account use tuners & DVR.")
                .attr("type", "bool").attr("default", "0", false).attr("hidden", "0")
                .attr("advanced", "0").attr("group", "general"));
        return element("MediaContainer").attr("size", all.size()).addAll(all);
    }

    private static Element setting(String id, String label, String summary, String type, Object defaultValue,
            Object value, String group) {
        return element("Setting").attr("id", id).attr("label", label).attr("summary", summary).attr("type", type)
                .attr("default", defaultValue).attr("value", value).attr("hidden", "0").attr("advanced", "0")
                .attr("group", group);
    }

    /** The body PMS sends for accepted playback reports (timeline, scrobble, unscrobble, progress). */
    static final String EMPTY_CONTAINER = PlexDoc.XML_DECLARATION + "<MediaContainer size=\"0\" />\n";
}
