package io.doorman.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The one-time code that proves the first admin can read Doorman's stdout: 4 groups of 4 characters from an
 * alphabet without look-alikes (about 79 bits), held in memory only, compared in constant time, good for one setup.
 */
public final class SetupCode {

    /** No 0/O, 1/I/L: the code is read off a terminal and typed by hand. */
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private static final int GROUPS = 4;
    private static final int GROUP_LENGTH = 4;

    private final byte[] canonical;
    private final String display;
    private volatile boolean used;

    private SetupCode(String canonical) {
        this.canonical = canonical.getBytes(StandardCharsets.US_ASCII);
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < canonical.length(); i += GROUP_LENGTH) {
            if (i > 0) {
                d.append('-');
            }
            d.append(canonical, i, i + GROUP_LENGTH);
        }
        this.display = d.toString();
    }

    /** A fresh random code. */
    public static SetupCode generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(GROUPS * GROUP_LENGTH);
        for (int i = 0; i < GROUPS * GROUP_LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new SetupCode(code.toString());
    }

    /** The one line to print on stdout: {@code console setup code: XXXX-XXXX-XXXX-XXXX}. */
    public String consoleLine() {
        return "console setup code: " + display;
    }

    /** The code as printed (groups joined by {@code -}), for the caller that prints it. */
    public String reveal() {
        return display;
    }

    /**
     * Whether {@code attempt} is this code and the code is not used yet. Case, spaces and dashes do not matter;
     * the comparison takes the same time wherever the first difference is.
     */
    public boolean matches(String attempt) {
        if (attempt == null || used) {
            return false;
        }
        byte[] given = normalize(attempt).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, canonical) && !used;
    }

    /** Marks the code used: it matches nothing from now on. */
    public void invalidate() {
        used = true;
    }

    /** Whether the code was used. */
    public boolean used() {
        return used;
    }

    private static String normalize(String attempt) {
        StringBuilder out = new StringBuilder(attempt.length());
        for (int i = 0; i < attempt.length(); i++) {
            char ch = attempt.charAt(i);
            if (ch != '-' && ch != ' ' && ch != '\t') {
                out.append(ch);
            }
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return used ? "SetupCode[used]" : "SetupCode[(hidden)]";
    }
}
