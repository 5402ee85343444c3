package io.doorman.testkit;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the fake PMS shows a shared (non-Home) user: only their sections, and providers without Live TV. */
final class SharedUserDocs {

    private static final Pattern SECTION = Pattern.compile("(?s)<Directory [^>]*? key=\"([^\"]+)\".*?</Directory>\n");
    private static final Pattern LIVE_TV_PROVIDER = Pattern.compile(
            "(?s)<MediaProvider identifier=\"" + Pattern.quote(LiveTvDocs.PROVIDER_PREFIX) + ".*?</MediaProvider>\\s*");

    private SharedUserDocs() {}

    /** {@code /library/sections} with only the sections whose key is in {@code keys}. */
    static String sections(Set<String> keys) {
        Matcher m = SECTION.matcher(PlexXml.SECTIONS);
        StringBuilder sb = new StringBuilder();
        int kept = 0;
        while (m.find()) {
            boolean keep = keys.contains(m.group(1));
            kept += keep ? 1 : 0;
            m.appendReplacement(sb, keep ? Matcher.quoteReplacement(m.group()) : "");
        }
        m.appendTail(sb);
        return sb.toString().replaceFirst("size=\"\\d+\"", "size=\"" + kept + "\"");
    }

    /** {@code /media/providers} as a user without tuner access sees it: the library provider only. */
    static String providersWithoutLiveTv() {
        return LIVE_TV_PROVIDER.matcher(LiveTvDocs.providers(false).xml()).replaceAll("")
                .replaceFirst("size=\"\\d+\"", "size=\"1\"");
    }
}
