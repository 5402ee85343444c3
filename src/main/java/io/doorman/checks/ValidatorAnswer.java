package io.doorman.checks;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one GET showed, as {@code validate} judges it: content (a 2xx whose body lists at least one item of the
 * kind asked for), empty (a 2xx without one), denied (401, 403, or Doorman's 429 abuse block), another status, or
 * no answer at all.
 *
 * @param status      the HTTP status, 0 when there was no answer
 * @param shown       the verdict
 * @param items       how many items the body listed
 * @param sectionKeys for {@link Kind#LIBRARY}, the listed sections' keys
 * @param viaDoorman  the answer carried {@code Via: ... doorman}
 * @param failure     for no answer, one line saying why (no target, so no token)
 */
record ValidatorAnswer(int status, Shown shown, int items, Set<String> sectionKeys, boolean viaDoorman,
        String failure) {

    enum Shown { CONTENT, EMPTY, DENIED, OTHER, NO_ANSWER }

    /** What counts as one item in each body. */
    enum Kind {
        /** {@code /library/sections}: {@code <Directory} elements. */
        LIBRARY(Pattern.compile("<Directory[\\s/>]")),
        /** {@code /livetv/dvrs}: {@code <Dvr} elements. */
        DVRS(Pattern.compile("<Dvr[\\s/>]")),
        /** {@code /media/providers}: Live TV providers ({@code identifier="tv.plex.providers.epg.*"}). */
        LIVE_TV_PROVIDERS(Pattern.compile("identifier=\"tv\\.plex\\.providers\\.epg\\."));

        private final Pattern item;

        Kind(Pattern item) {
            this.item = item;
        }
    }

    private static final Pattern SECTION_KEY = Pattern.compile("<Directory[^>]*?\\skey=\"([^\"]*)\"");

    static ValidatorAnswer noAnswer(String why) {
        return new ValidatorAnswer(0, Shown.NO_ANSWER, 0, Set.of(), false, why);
    }

    static ValidatorAnswer of(int status, String body, Kind kind, boolean viaDoorman) {
        if (status == 401 || status == 403 || status == 429) {
            return new ValidatorAnswer(status, Shown.DENIED, 0, Set.of(), viaDoorman, null);
        }
        if (status / 100 != 2) {
            return new ValidatorAnswer(status, Shown.OTHER, 0, Set.of(), viaDoorman, null);
        }
        int items = 0;
        for (Matcher m = kind.item.matcher(body); m.find(); ) {
            items++;
        }
        Set<String> keys = new LinkedHashSet<>();
        if (kind == Kind.LIBRARY) {
            for (Matcher m = SECTION_KEY.matcher(body); m.find(); ) {
                keys.add(m.group(1));
            }
        }
        return new ValidatorAnswer(status, items > 0 ? Shown.CONTENT : Shown.EMPTY, items, Set.copyOf(keys),
                viaDoorman, null);
    }

    boolean reveals() {
        return shown == Shown.CONTENT;
    }

    /** A short account for a summary: {@code HTTP 200, 3 items}, {@code HTTP 401}, {@code no answer: ...}. */
    String described(String itemName) {
        return switch (shown) {
            case NO_ANSWER -> "no answer (" + failure + ")";
            case CONTENT, EMPTY -> "HTTP " + status + ", " + items + " " + itemName + (items == 1 ? "" : "s");
            case DENIED, OTHER -> "HTTP " + status;
        };
    }
}
