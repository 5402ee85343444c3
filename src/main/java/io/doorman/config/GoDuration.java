package io.doorman.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations in Go syntax ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code -1s}) or whole seconds. */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    private GoDuration() {
    }

    /**
     * Parses a Go duration or a bare integer count of seconds.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String s = text.trim();
        if (s.matches("[-+]?[0-9]+")) {
            // Same range as Go (and as Duration.toNanos()): about 292 years either way.
            long seconds = s.length() > 12 ? Long.MAX_VALUE : Long.parseLong(s);
            if (Math.abs(seconds) > MAX_SECONDS) {
                throw new IllegalArgumentException("duration '" + s + "' is out of range");
            }
            return Duration.ofSeconds(seconds);
        }
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            // Without this a bare sign would loop zero times and parse as 0.
            throw new IllegalArgumentException("'" + text.trim() + "' is not a duration (examples: 90s, 5m, 1h30m, -1s)");
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + text.trim() + "' is not a duration (examples: 90s, 5m, 1h30m, -1s)");
            }
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            pos = m.end();
        }
        // Go's limit (about 292 years); Math.round would silently saturate instead.
        if (nanos >= 0x1p63) {
            throw new IllegalArgumentException("duration '" + text.trim() + "' is out of range");
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }

    /** Formats like Go's {@code time.Duration.String()}: {@code 5m0s}, {@code 30m0s}, {@code 1h30m0s}, {@code 1.5s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long totalNanos = d.toNanos();
        if (totalNanos < 1_000_000_000L) {
            if (totalNanos < 1_000) {
                return sb.append(totalNanos).append("ns").toString();
            }
            if (totalNanos < 1_000_000) {
                return fraction(sb, totalNanos, 1_000, 3).append("µs").toString();
            }
            return fraction(sb, totalNanos, 1_000_000, 6).append("ms").toString();
        }
        long hours = totalNanos / 3_600_000_000_000L;
        long minutes = (totalNanos / 60_000_000_000L) % 60;
        double seconds = (totalNanos % 60_000_000_000L) / 1e9;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(trim(seconds)).append('s').toString();
    }

    /** {@code nanos / unit} with its fraction of {@code digits} digits, trailing zeros dropped (as Go prints it). */
    private static StringBuilder fraction(StringBuilder sb, long nanos, long unit, int digits) {
        sb.append(nanos / unit);
        long frac = nanos % unit;
        if (frac == 0) {
            return sb;
        }
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        sb.append('.');
        for (long p = pow10(digits - 1); p > frac; p /= 10) {
            sb.append('0');
        }
        return sb.append(frac);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static String trim(double v) {
        // Runs for every access "done" line: plain arithmetic, not String.format, on this path.
        long nanosScaled = Math.round(v * 1e9);
        long whole = nanosScaled / 1_000_000_000L;
        long frac = nanosScaled % 1_000_000_000L;
        if (frac == 0) {
            return Long.toString(whole);
        }
        StringBuilder digits = new StringBuilder(Long.toString(frac));
        while (digits.length() < 9) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + digits.substring(0, end);
    }
}
