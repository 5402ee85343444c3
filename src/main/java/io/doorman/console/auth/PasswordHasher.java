package io.doorman.console.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The admin password's slow salted hash: bcrypt through Bouncy Castle's {@link OpenBSDBCrypt} (cost 12, a
 * 16-byte random salt per hash). A password is 12 to 72 bytes of UTF-8; 72 is where bcrypt stops reading.
 */
public final class PasswordHasher {

    /** The bcrypt cost (2^12 rounds). */
    public static final int DEFAULT_COST = 12;
    /** Shortest password, in UTF-8 bytes. */
    public static final int MIN_BYTES = 12;
    /** Longest password, in UTF-8 bytes: bcrypt ignores anything after. */
    public static final int MAX_BYTES = 72;

    private static final String RULE = "password must be " + MIN_BYTES + " to " + MAX_BYTES
            + " bytes long (UTF-8)";

    private final int cost;
    private final SecureRandom random;
    private final AtomicLong bcryptChecks = new AtomicLong();

    public PasswordHasher(SecureRandom random) {
        this(DEFAULT_COST, random);
    }

    /** Tests use a lower cost to stay quick; production uses {@link #DEFAULT_COST}. */
    PasswordHasher(int cost, SecureRandom random) {
        this.cost = cost;
        this.random = random;
    }

    /**
     * Checks the length rule.
     *
     * @throws PasswordRuleException naming field {@code password} when the password is too short, too long or
     *                               not valid text
     */
    public static void checkRule(char[] password) {
        byte[] utf8 = utf8(password);
        try {
            if (utf8 == null || utf8.length < MIN_BYTES || utf8.length > MAX_BYTES) {
                throw new PasswordRuleException(RULE);
            }
        } finally {
            if (utf8 != null) {
                Arrays.fill(utf8, (byte) 0);
            }
        }
    }

    /**
     * A bcrypt hash ({@code $2y$12$...}) of a password that passes {@link #checkRule}.
     *
     * @throws PasswordRuleException when it does not
     */
    public String hash(char[] password) {
        checkRule(password);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate(password, salt, cost);
    }

    /** Whether the password matches the hash; false for a malformed hash or a password bcrypt cannot take. */
    public boolean matches(char[] password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        byte[] utf8 = utf8(password);
        if (utf8 == null || utf8.length > MAX_BYTES) {
            return false;
        }
        Arrays.fill(utf8, (byte) 0);
        bcryptChecks.incrementAndGet();
        try {
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            // Bouncy Castle reports a malformed hash either way; it never matches.
            return false;
        }
    }

    /** How many bcrypt checks ran: lets tests see that a login without an admin still pays for one. */
    long bcryptChecks() {
        return bcryptChecks.get();
    }

    /** The UTF-8 bytes, or null when the chars are not valid text (an unpaired surrogate). */
    private static byte[] utf8(char[] password) {
        if (password == null) {
            return null;
        }
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
