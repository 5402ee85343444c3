package io.doorman.frontends;

import java.nio.file.Path;

/**
 * A certificate or key path as one Caddyfile or nginx token: written as given (each program resolves a relative
 * path from its own directory), in double quotes when it holds a blank.
 */
final class CertificateFiles {

    private CertificateFiles() {
    }

    /**
     * {@code path} as a token, or an {@link InvalidHostException} naming {@code field} when it holds a character
     * neither program reads literally: a quote or backslash (quoting), {@code $} (an nginx variable), braces (a
     * Caddy placeholder), {@code ;} or {@code #} (the end of an nginx directive or a comment), a control character.
     */
    static String token(String field, Path path) {
        String p = path.toString();
        if (p.isEmpty()) {
            throw new InvalidHostException(field, "an empty path");
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (Character.isISOControl(c) || "\"'\\${};#".indexOf(c) >= 0) {
                throw new InvalidHostException(field, "'" + HostRules.shown(p) + "' holds '"
                        + (Character.isISOControl(c) ? "?" : String.valueOf(c)) + "', which Caddy and nginx do not"
                        + " read as part of a file name: rename or link the file");
            }
        }
        return p.chars().anyMatch(Character::isWhitespace) ? "\"" + p + "\"" : p;
    }
}
