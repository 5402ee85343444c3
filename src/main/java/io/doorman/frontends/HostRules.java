package io.doorman.frontends;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules a host's fields follow, each failure an {@link InvalidHostException} naming the field. */
final class HostRules {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_SHOWN = 80;

    private HostRules() {
    }

    static void name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidHostException("name", "'" + shown(name) + "' is not a host name: lower-case letters,"
                    + " digits and '-', starting with a letter or digit, at most 63");
        }
    }

    /** A DNS name as a frontend serves it: lower case, letters, digits, '-' and dots, no trailing dot. */
    static void domain(String field, String domain) {
        String why = domainProblem(domain);
        if (why != null) {
            throw new InvalidHostException(field, "'" + shown(domain) + "' is not a domain: " + why);
        }
    }

    private static String domainProblem(String d) {
        if (d == null || d.isEmpty()) {
            return "empty";
        }
        if (d.length() > 253) {
            return "longer than 253 characters";
        }
        if (!d.equals(d.toLowerCase(Locale.ROOT))) {
            return "write it in lower case";
        }
        if (d.startsWith("*")) {
            return "wildcards are not served (name each host)";
        }
        if (d.contains("://") || d.contains("/") || d.contains(":")) {
            return "a bare name is wanted, without scheme, port or path";
        }
        for (String label : d.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return label.isEmpty() ? "an empty label (two dots, or a dot at either end)"
                        : "label '" + label + "' may hold only a-z, 0-9 and inner '-', at most 63";
            }
        }
        if (d.matches("[0-9.]+")) {
            return "an IP address has no certificate name; use a DNS name";
        }
        return null;
    }

    static void port(int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidHostException("port", port + " is out of range 1-65535");
        }
    }

    static void upstream(URI u) {
        if (u == null) {
            throw new InvalidHostException("upstream", "missing");
        }
        String scheme = u.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidHostException("upstream", "want an http:// or https:// URL of PMS, like"
                    + " http://127.0.0.1:32400");
        }
        if (u.getHost() == null || u.getRawUserInfo() != null) {
            throw new InvalidHostException("upstream", "want a host (and port), no user name or password");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))) {
            throw new InvalidHostException("upstream", "PMS is reached at its root: no path, query or fragment");
        }
    }

    /** Text for a message: never long, never a control character. */
    static String shown(String text) {
        if (text == null) {
            return "";
        }
        String s = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
    }
}
