package io.doorman.livetv;

/**
 * Paths scoped to one XMLTV guide provider, {@code /tv.plex.providers.epg.xmltv:<id>} or below: the pages of
 * one DVR's guide, which Doorman relabels with that provider's name.
 */
public final class ProviderPaths {

    /** The identifier prefix of a DVR's XMLTV guide provider. */
    public static final String IDENTIFIER_PREFIX = "tv.plex.providers.epg.xmltv:";
    private static final String PATH_PREFIX = "/" + IDENTIFIER_PREFIX;

    private ProviderPaths() {
    }

    /** Whether {@code path} is a provider's own path or below it. */
    public static boolean isProviderScoped(String path) {
        return identifier(path) != null;
    }

    /** The provider identifier ({@code tv.plex.providers.epg.xmltv:<id>}) a path is scoped to, or null. */
    public static String identifier(String path) {
        if (!path.startsWith(PATH_PREFIX)) {
            return null;
        }
        int end = path.indexOf('/', PATH_PREFIX.length());
        if (end < 0) {
            end = path.length();
        }
        return end == PATH_PREFIX.length() ? null : path.substring(1, end);
    }
}
