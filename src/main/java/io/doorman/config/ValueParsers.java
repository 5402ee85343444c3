package io.doorman.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text-to-value parsers shared by every source of settings (flags, env, config file). Each throws
 * {@link IllegalArgumentException} with a message that names the bad value but not where it came from;
 * the caller prefixes the flag, variable or file key.
 */
public final class ValueParsers {

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,10})\\s*(b|kib|mib|gib)?", Pattern.CASE_INSENSITIVE);

    /** Every PMS preference id is an identifier: RelayEnabled, customConnections, DisableTLSv1_0. */
    private static final String PREF_ID = "[A-Za-z][A-Za-z0-9_]*";

    private ValueParsers() {
    }

    /** {@code true/false/1/0/yes/no}, any case. */
    public static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("'" + text.trim() + "' is not a boolean (want true or false)");
        };
    }

    public static HostPort hostPort(String text) {
        return HostPort.parse(text);
    }

    /** An address, or {@code off} for none (null). */
    public static HostPort hostPortOrOff(String text) {
        return text.trim().equalsIgnoreCase("off") ? null : HostPort.parse(text);
    }

    /** An absolute http or https URL with a host: an API endpoint such as Caddy's admin API, plex.tv or Cloudflare's. */
    public static URI httpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL");
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("not an http(s) URL with a host");
        }
        return uri;
    }

    /**
     * A PMS base URL: http or https, a host, optional port, no path beyond {@code /}. The message never echoes
     * the whole text, since a mistaken value may carry credentials or a token in its query.
     */
    public static URI upstreamUrl(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty URL");
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("URL has no scheme (want http://host:port or https://host:port)");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL scheme '" + scheme + "' is not http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL must not carry a user name or password");
        }
        if (uri.getHost() == null) {
            // java.net.URI leaves the host null for names it rejects (such as docker_style_names).
            if (uri.getRawAuthority() != null) {
                throw new IllegalArgumentException("URL host '" + uri.getRawAuthority()
                        + "' is not a valid host name (use letters, digits, '-' and '.', or an IP address)");
            }
            throw new IllegalArgumentException("URL has no host (want " + scheme + "://host:port)");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("URL port " + uri.getPort() + " is out of range 1-65535");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("URL must not have a query or fragment (tokens go in their own setting)");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("URL path '" + path + "' is not supported (want a base URL like "
                    + scheme + "://127.0.0.1:32400)");
        }
        String host = uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return URI.create(scheme + "://" + host + port);
    }

    /** A file that exists and can be read now; {@link UnreadableFileException} otherwise. */
    public static Path readableFile(String text) {
        Path p = path(text);
        if (!Files.isRegularFile(p)) {
            throw new UnreadableFileException("file '" + p + "' does not exist or is not a regular file");
        }
        if (!Files.isReadable(p)) {
            throw new UnreadableFileException("file '" + p + "' is not readable");
        }
        return p;
    }

    public static Path path(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid path");
        }
    }

    /** Comma-separated CIDRs; {@code none} or empty for no networks. */
    public static List<Cidr> cidrList(String text) {
        return Cidr.parseList(text);
    }

    /** A Go duration or whole seconds, strictly positive. */
    public static Duration positiveDuration(String text) {
        Duration d = GoDuration.parse(text);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration '" + text.trim() + "' must be more than 0");
        }
        return d;
    }

    /** A Go duration or whole seconds, zero or more ({@code 0} turns a periodic job off). */
    public static Duration nonNegativeDuration(String text) {
        Duration d = GoDuration.parse(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration '" + text.trim() + "' must not be negative (0 turns it off)");
        }
        return d;
    }

    /**
     * PMS preference assignments {@code Id=value}, comma separated (a YAML list is joined so); {@code none} for none. A value may itself
     * hold commas ({@code customConnections}, {@code LanNetworksBandwidth} are comma lists): a comma starts a new
     * assignment only when an {@code Id=} follows it.
     */
    public static List<String> prefAssignments(String text) {
        List<String> out = new java.util.ArrayList<>();
        if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return out;
        }
        for (String item : text.split(",(?=\\s*" + PREF_ID + "=)")) {
            String a = item.strip();
            int eq = a.indexOf('=');
            if (eq < 0 || !a.substring(0, eq).strip().matches(PREF_ID)) {
                throw new IllegalArgumentException("'" + a + "' is no preference assignment (want Id=value, e.g."
                        + " secureConnections=1)");
            }
            out.add(a.substring(0, eq).strip() + "=" + a.substring(eq + 1).strip());
        }
        return out;
    }

    /** PMS preference ids, comma separated; {@code none} for none. */
    public static List<String> prefIds(String text) {
        List<String> out = new java.util.ArrayList<>();
        if (text.strip().equalsIgnoreCase("none")) {
            return out;
        }
        for (String item : text.split(",")) {
            String id = item.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!id.matches(PREF_ID)) {
                throw new IllegalArgumentException("'" + id + "' is no PMS preference id (letters, digits and _)");
            }
            out.add(id);
        }
        return out;
    }

    /** A byte count: {@code 65536}, {@code 64KiB}, {@code 1MiB}; more than 0 and below 2 GiB. */
    public static int byteSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a size (examples: 65536, 64KiB, 1MiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "kib" -> n << 10;
            case "mib" -> n << 20;
            case "gib" -> n << 30;
            default -> n;
        };
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size '" + text.trim() + "' is out of range (1 byte to 2047MiB)");
        }
        return (int) bytes;
    }

    /** A whole number, optionally signed, decimal only. */
    public static int integer(String text) {
        String s = text.trim();
        if (!s.matches("[-+]?[0-9]{1,18}")) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number");
        }
        long v = Long.parseLong(s);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("'" + s + "' is out of range");
        }
        return (int) v;
    }

    /** A whole number between {@code min} and {@code max}. */
    public static int intInRange(String text, int min, int max) {
        int v = integer(text);
        if (v < min || v > max) {
            throw new IllegalArgumentException("'" + text.trim() + "' is out of range " + min + "-" + max);
        }
        return v;
    }

    /** {@code stdout}, {@code off}, or a file path. */
    public static String accessLog(String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("stdout") || s.equalsIgnoreCase("off")) {
            return s.toLowerCase(Locale.ROOT);
        }
        return path(s).toString();
    }
}
