package io.doorman.frontends;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration template from the class path ({@code src/main/resources/io/doorman/frontends/...}) whose
 * {@code {{name}}} placeholders are filled by name. Filling fails on a placeholder left without a value and on a
 * value for a placeholder the template does not have, so a template and its renderer cannot drift apart quietly.
 *
 * <p>A placeholder alone on its line (after indentation) may take several lines: each gets the indentation, and an
 * empty value removes the line, so optional blocks leave no blank line behind.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)}}");
    private static final Pattern WHOLE_LINE = Pattern.compile("^([ \\t]*)\\{\\{([A-Za-z][A-Za-z0-9]*)}}[ \\t]*$");

    private final String resource;
    private final String text;

    private Template(String resource, String text) {
        this.resource = resource;
        this.text = text;
    }

    /** The template at {@code path}, relative to this package's resources (e.g. {@code systemd/doorman.service}). */
    public static Template load(String path) {
        try (InputStream in = Template.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("template " + path + " is not on the class path");
            }
            return new Template(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("template " + path + " could not be read", e);
        }
    }

    /** The placeholders' names, in the order they first appear. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The text with every placeholder replaced by its value (inserted as it is, never itself scanned for
     * placeholders).
     *
     * @throws IllegalStateException when a placeholder has no value or a value has no placeholder
     */
    public String fill(Map<String, String> values) {
        Set<String> names = placeholders();
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new IllegalStateException("template " + resource + ": no value for {{" + name + "}}");
            }
        }
        for (String name : values.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalStateException("template " + resource + " has no {{" + name + "}}");
            }
        }
        StringBuilder out = new StringBuilder(text.length() + 256);
        for (String line : text.split("\n", -1)) {
            Matcher whole = WHOLE_LINE.matcher(line);
            if (whole.matches()) {
                appendBlock(out, whole.group(1), values.get(whole.group(2)));
            } else {
                Matcher m = PLACEHOLDER.matcher(line);
                while (m.find()) {
                    m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
                }
                m.appendTail(out);
                out.append('\n');
            }
        }
        // split(-1) gives a last, empty piece after the final newline; it added one newline too many.
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** A value standing for whole lines: each line indented as the placeholder was; nothing at all when empty. */
    private static void appendBlock(StringBuilder out, String indent, String value) {
        if (value.isEmpty()) {
            return;
        }
        String body = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        for (String line : body.split("\n", -1)) {
            out.append(line.isEmpty() ? "" : indent).append(line).append('\n');
        }
    }
}
