package io.doorman.frontends;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** One YAML value written by hand: plain when nothing could misread it, double-quoted otherwise. */
final class YamlScalar {

    /** Text that no YAML 1.1 or 1.2 reader takes for anything but a string, in block context. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9/][A-Za-z0-9 ._/()`|&:=\\[\\]-]*");
    /** Numbers, times and the like: a reader would not hand them back as the same text. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+.]?[0-9][0-9._:eE+-]*|0[xXoObB][0-9a-fA-F_]+");
    private static final Set<String> WORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private YamlScalar() {
    }

    /** {@code text} as a YAML value. */
    static String of(String text) {
        boolean plain = PLAIN.matcher(text).matches() && !NUMBER_LIKE.matcher(text).matches()
                && !WORDS.contains(text.toLowerCase(Locale.ROOT)) && !text.contains(": ") && !text.endsWith(":")
                && !text.endsWith(" ");
        return plain ? text : quoted(text);
    }

    private static String quoted(String text) {
        StringBuilder b = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format(Locale.ROOT, "\\x%02x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** {@code host:port} as a URL authority: an IPv6 literal in brackets. */
    static String authority(io.doorman.config.HostPort address) {
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        return host + ":" + address.port();
    }
}
