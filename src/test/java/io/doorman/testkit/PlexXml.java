package io.doorman.testkit;

/** Plex-shaped XML bodies the fake PMS serves; shaped like a real 1.42 server's answers. */
final class PlexXml {

    static final String MACHINE_ID = "fake-machine-id";
    static final String VERSION = "1.42.1.10060-4e8b05daf";

    /** {@code /identity}; friendlyName is there so a proxy's identity spoofing has something to replace. */
    static final String IDENTITY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<MediaContainer size=\"0\" claimed=\"1\" friendlyName=\"" + LiveTvDocs.SERVER_NAME
            + "\" machineIdentifier=\"" + MACHINE_ID + "\" version=\"" + VERSION + "\">\n</MediaContainer>\n";

    /** {@code /}; allowTuners is filled in per request (see {@link #root(boolean)}). */
    private static final String ROOT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <MediaContainer size="4" allowCameraUpload="1" allowChannelAccess="1" allowMediaDeletion="1" \
            allowSharing="1" allowSync="1" allowTuners="%s" backgroundProcessing="1" certificate="1" \
            companionProxy="1" countryCode="usa" diagnostics="logs,databases,streaminglogs" eventStream="1" \
            friendlyName="Fake PMS" livetv="7" machineIdentifier="%s" multiuser="1" myPlex="1" \
            myPlexMappingState="mapped" myPlexSigninState="ok" myPlexSubscription="1" myPlexUsername="owner@example.com" \
            platform="Linux" platformVersion="6.1" pluginHost="1" requestParametersInCookie="1" \
            streamingBrainABRVersion="3" streamingBrainVersion="2" sync="1" transcoderActiveVideoSessions="0" \
            transcoderAudio="1" transcoderLyrics="1" transcoderPhoto="1" transcoderSubtitles="1" \
            transcoderVideo="1" updatedAt="1735689600" updater="1" version="%s" voiceSearch="1">
            <Directory count="1" key="activities" title="activities" />
            <Directory count="1" key="library" title="library" />
            <Directory count="1" key="livetv" title="livetv" />
            <Directory count="1" key="media" title="media" />
            </MediaContainer>
            """;

    /** The root document; PMS says allowTuners="1" only to the owner, so the hint depends on the token. */
    static String root(boolean owner) {
        return ROOT.formatted(owner ? "1" : "0", MACHINE_ID, VERSION);
    }

    static final String SECTIONS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <MediaContainer size="2" allowSync="1" title1="Plex Library">
            <Directory allowSync="1" art="/:/resources/movie-fanart.jpg" composite="/library/sections/1/composite/1735689600" \
            filters="1" refreshing="0" thumb="/:/resources/movie.png" key="1" type="movie" title="Movies" \
            agent="tv.plex.agents.movie" scanner="Plex Movie" language="en-US" \
            uuid="0d6b2f1c-8a3e-4f5b-9c7d-1e2f3a4b5c6d" updatedAt="1735689600" createdAt="1704067200" \
            scannedAt="1735689600" content="1" directory="1" contentChangedAt="4242" hidden="0">
            <Location id="1" path="/data/media/movies" />
            </Directory>
            <Directory allowSync="1" art="/:/resources/show-fanart.jpg" composite="/library/sections/2/composite/1735689600" \
            filters="1" refreshing="0" thumb="/:/resources/show.png" key="2" type="show" title="TV Shows" \
            agent="tv.plex.agents.series" scanner="Plex TV Series" language="en-US" \
            uuid="7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d" updatedAt="1735689600" createdAt="1704067200" \
            scannedAt="1735689600" content="1" directory="1" contentChangedAt="4343" hidden="0">
            <Location id="2" path="/data/media/tv" />
            </Directory>
            </MediaContainer>
            """;

    static final String UNAUTHORIZED =
            "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>";

    private PlexXml() {}
}
