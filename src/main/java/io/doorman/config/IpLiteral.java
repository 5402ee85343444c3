package io.doorman.config;

/**
 * Strict IPv4/IPv6 literal parsing. {@code InetAddress.getByName} falls back to a DNS lookup for anything
 * it does not recognise (a typo like {@code 10.0.0.256}), so settings are parsed here instead.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** The 4 or 16 address bytes, or null when the text is not an IP literal. */
    static byte[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
    }

    /** Dotted quad, no leading zeros (Go rejects them too: {@code 010} could mean octal). */
    static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !allDigits(p)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** RFC 4291 text form: eight groups, one {@code ::}, optional dotted quad at the end; no zone. */
    static byte[] parseV6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] head = dbl < 0 ? groups(s, true) : groups(s.substring(0, dbl), false);
        int[] tail = dbl < 0 ? new int[0] : groups(s.substring(dbl + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int total = head.length + tail.length;
        if (dbl < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(out, 8 - tail.length + i, tail[i]);
        }
        return out;
    }

    /** Whether the 16 bytes are an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
    static boolean isV4Mapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
    }

    private static int[] groups(String part, boolean dottedQuadAllowedAtEnd) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        boolean quad = dottedQuadAllowedAtEnd && items[items.length - 1].indexOf('.') >= 0;
        int[] out = new int[items.length + (quad ? 1 : 0)];
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (quad && i == items.length - 1) {
                byte[] v4 = parseV4(g);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                out[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                char c = g.charAt(k);
                // ASCII only: Character.digit would also accept full-width and other Unicode digits.
                int d = c < 128 ? Character.digit(c, 16) : -1;
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    private static void put(byte[] out, int group, int value) {
        out[group * 2] = (byte) (value >> 8);
        out[group * 2 + 1] = (byte) value;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
