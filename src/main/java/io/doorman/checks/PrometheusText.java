package io.doorman.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4, and the OpenMetrics text that shares its sample
 * lines): {@code # HELP}/{@code # TYPE} and other comments, {@code # EOF}, label sets with escapes, optional
 * timestamps and OpenMetrics exemplars. A malformed sample line rejects the whole body, as a Prometheus scrape does.
 */
public final class PrometheusText {

    /** One sample: a series (name and labels) and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** The body is not the text format; the message names the line, never quotes more than a short piece of it. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(int line, String what) {
            super("line " + line + ": " + what, null, false, false);
        }
    }

    private PrometheusText() {
    }

    /** Every sample in {@code body}, in order. */
    public static List<Sample> parse(String body) throws Malformed {
        List<Sample> out = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            out.add(new LineReader(line, i + 1).sample());
        }
        return out;
    }

    /** Reads one sample line left to right. */
    private static final class LineReader {
        private final String s;
        private final int lineNo;
        private int pos;

        LineReader(String s, int lineNo) {
            this.s = s;
            this.lineNo = lineNo;
        }

        Sample sample() throws Malformed {
            skipBlanks();
            String name = name(true);
            if (name.isEmpty()) {
                throw bad("no metric name");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (pos < s.length() && s.charAt(pos) == '{') {
                pos++;
                labels(labels);
            }
            if (pos >= s.length() || !isBlank(s.charAt(pos))) {
                throw bad("no space before the value of " + shortened(name));
            }
            skipBlanks();
            String valueText = token();
            double value = value(valueText);
            skipBlanks();
            if (pos < s.length() && s.charAt(pos) != '#') {
                String ts = token();
                if (!ts.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    throw bad("timestamp '" + shortened(ts) + "' is not a number");
                }
                skipBlanks();
            }
            // What is left can only be an OpenMetrics exemplar (" # {...} value"): not ours to read.
            if (pos < s.length() && s.charAt(pos) != '#') {
                throw bad("unexpected text after the value of " + shortened(name));
            }
            return new Sample(name, labels, value);
        }

        private void labels(Map<String, String> labels) throws Malformed {
            while (true) {
                skipBlanks();
                if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    return;
                }
                String label = name(false);
                if (label.isEmpty()) {
                    throw bad("a label has no name");
                }
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                String value = quoted();
                if (labels.put(label, value) != null) {
                    throw bad("label " + shortened(label) + " appears twice");
                }
                skipBlanks();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos >= s.length() || s.charAt(pos) != '}') {
                    throw bad("labels are not closed with '}'");
                }
            }
        }

        private String quoted() throws Malformed {
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case '\\' -> '\\';
                        case '"' -> '"';
                        default -> throw bad("unknown escape '\\" + e + "' in a label value");
                    });
                } else {
                    sb.append(c);
                }
            }
            throw bad("a label value is not closed with '\"'");
        }

        private String name(boolean metric) {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (pos > start && c >= '0' && c <= '9') || (metric && c == ':');
                if (!ok) {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        private double value(String text) throws Malformed {
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "+Inf", "Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            // Double.parseDouble also takes "1d", "0x1p3" and "Infinity": the format does not.
            if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                throw bad("value '" + shortened(text) + "' is not a number");
            }
            return Double.parseDouble(text);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && !isBlank(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void expect(char c) throws Malformed {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw bad("expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }

        private void skipBlanks() {
            while (pos < s.length() && isBlank(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private Malformed bad(String what) {
            return new Malformed(lineNo, what);
        }

        private static String shortened(String text) {
            String clean = text.replaceAll("\\p{Cntrl}", "?");
            return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
        }
    }
}
