package io.doorman.livetv;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Relabels Plex XML bodies with DVR guide names, so each XMLTV guide provider shows its own name instead of
 * Plex's generic "Live TV & DVR": {@code /media/providers}, provider-scoped pages and the server identity.
 * Each method returns the new body, or the very same array when nothing changes or the body is not
 * well-formed UTF-8 XML without a DOCTYPE.
 */
public final class ProviderXmlRewriter {

    /** Titles Plex gives a provider page when it has nothing better; only these are replaced. */
    private static final Set<String> GENERIC_TITLES = Set.of("", "Plex Library", "Live TV & DVR", "Guide");
    private static final String SPOOF_SEPARATOR = " \u00B7 ";

    private ProviderXmlRewriter() {
    }

    /**
     * {@code GET /media/providers}: each labelled XMLTV {@code MediaProvider} gets its label as
     * {@code friendlyName}, {@code sourceTitle} and {@code title}, and its own and Guide {@code Directory}
     * titles; with {@code spoofIdentity} the root {@code friendlyName} (when present) lists all labels.
     */
    public static byte[] mediaProviders(byte[] xml, Map<String, String> labels, boolean spoofIdentity) {
        if (labels == null || labels.isEmpty()) {
            return xml;
        }
        String allLabels = spoofIdentity ? joinedLabels(labels) : null;
        return XmlAttributeEditor.rewrite(xml, () -> new MediaProvidersRules(labels, allLabels));
    }

    /**
     * A page at or below {@code /<identifier>}: generic root titles and the provider's {@code Directory}
     * titles become {@code label}.
     */
    public static byte[] providerPage(byte[] xml, String identifier, String label) {
        if (!isProvider(identifier) || label == null || label.isEmpty()) {
            return xml;
        }
        return XmlAttributeEditor.rewrite(xml, () -> (depth, name, a) -> {
            if (depth == 1 && name.equals("MediaContainer")) {
                setWhenMissingOrGeneric(a, "title1", label);
                setWhenMissingOrGeneric(a, "title2", label);
                setWhenPresent(a, "friendlyName", label);
                String title = a.get("title");
                if (title != null && GENERIC_TITLES.contains(title)) {
                    a.set("title", label);
                }
            } else if (name.equals("Directory") && !relabelDirectory(a, identifier, label)
                    && "Live TV & DVR".equals(a.get("title"))) {
                a.set("title", label);
            }
        });
    }

    /** {@code GET /} and {@code /identity}: the root {@code friendlyName}, when present, becomes the label. */
    public static byte[] spoofIdentity(byte[] xml, String label) {
        if (label == null || label.isEmpty()) {
            return xml;
        }
        return XmlAttributeEditor.rewrite(xml, () -> (depth, name, a) -> {
            if (depth == 1) {
                setWhenPresent(a, "friendlyName", label);
            }
        });
    }

    /** All distinct labels, sorted, for a server name that covers every guide; null when there are none. */
    private static String joinedLabels(Map<String, String> labels) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String label : labels.values()) {
            if (label != null && !label.isEmpty()) {
                distinct.add(label);
            }
        }
        return distinct.isEmpty() ? null : String.join(SPOOF_SEPARATOR, distinct);
    }

    /** Whether {@code identifier} names an XMLTV guide provider ({@code tv.plex.providers.epg.xmltv:<id>}). */
    private static boolean isProvider(String identifier) {
        return identifier != null && identifier.startsWith(ProviderPaths.IDENTIFIER_PREFIX)
                && identifier.length() > ProviderPaths.IDENTIFIER_PREFIX.length();
    }

    /** Retitles the provider's own and Guide directories; true when the directory was one of them. */
    private static boolean relabelDirectory(XmlAttributeEditor.Attributes a, String identifier, String label) {
        if (identifier.equals(a.get("id"))) {
            a.set("title", label);
            return true;
        }
        if (("/" + identifier + "/watchnow").equals(a.get("key")) && "Guide".equals(a.get("title"))) {
            a.set("title", label + " Guide");
            return true;
        }
        return false;
    }

    private static void setWhenMissingOrGeneric(XmlAttributeEditor.Attributes a, String name, String label) {
        String value = a.get(name);
        if (value == null || GENERIC_TITLES.contains(value)) {
            a.set(name, label);
        }
    }

    private static void setWhenPresent(XmlAttributeEditor.Attributes a, String name, String label) {
        if (a.get(name) != null) {
            a.set(name, label);
        }
    }

    /**
     * Tracks the enclosing {@code MediaProvider}, whose label its nested directories take. A start tag no
     * deeper than a provider's means that provider has ended.
     */
    private static final class MediaProvidersRules implements XmlAttributeEditor.Rules {

        private record Provider(int depth, String identifier, String label) {
        }

        private final Map<String, String> labels;
        private final String allLabels;
        private final Deque<Provider> providers = new ArrayDeque<>();

        MediaProvidersRules(Map<String, String> labels, String allLabels) {
            this.labels = labels;
            this.allLabels = allLabels;
        }

        @Override
        public void start(int depth, String name, XmlAttributeEditor.Attributes a) {
            while (!providers.isEmpty() && providers.peek().depth() >= depth) {
                providers.pop();
            }
            if (depth == 1 && allLabels != null) {
                setWhenPresent(a, "friendlyName", allLabels);
            }
            if (name.equals("MediaProvider")) {
                String identifier = a.get("identifier");
                String label = isProvider(identifier) ? labels.get(identifier) : null;
                if (label != null && label.isEmpty()) {
                    label = null;
                }
                providers.push(new Provider(depth, identifier, label));
                if (label != null) {
                    a.set("friendlyName", label);
                    a.set("sourceTitle", label);
                    a.set("title", label);
                }
            } else if (name.equals("Directory") && !providers.isEmpty() && providers.peek().label() != null) {
                relabelDirectory(a, providers.peek().identifier(), providers.peek().label());
            }
        }
    }
}
