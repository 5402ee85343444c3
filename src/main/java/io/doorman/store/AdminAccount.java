package io.doorman.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The console's single admin: its password hash (a bcrypt string), and whether setup has happened. */
public final class AdminAccount {

    private final Store store;

    AdminAccount(Store store) {
        this.store = store;
    }

    /** The admin's password hash, empty before setup. */
    public Optional<String> passwordHash() {
        return store.run("read the admin account", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT password_hash FROM admin_account WHERE id = 1");
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Whether the admin exists (setup is done). */
    public boolean setupDone() {
        return passwordHash().isPresent();
    }

    /**
     * Creates the admin with this hash unless one exists already.
     *
     * @return whether this call created it (false: someone else finished setup first)
     */
    public boolean createIfAbsent(String passwordHash, Instant now) {
        requireHash(passwordHash);
        return store.run("create the admin account", c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO admin_account"
                    + " (id, password_hash, created_ms, updated_ms) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                st.setString(1, passwordHash);
                st.setLong(2, now.toEpochMilli());
                st.setLong(3, now.toEpochMilli());
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Sets (creating the admin when missing) the password hash. */
    public void setPasswordHash(String passwordHash, Instant now) {
        requireHash(passwordHash);
        store.run("set the admin password", c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO admin_account"
                    + " (id, password_hash, created_ms, updated_ms) VALUES (1, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash,"
                    + " updated_ms = excluded.updated_ms")) {
                st.setString(1, passwordHash);
                st.setLong(2, now.toEpochMilli());
                st.setLong(3, now.toEpochMilli());
                return st.executeUpdate();
            }
        });
    }

    private static void requireHash(String passwordHash) {
        if (passwordHash == null || passwordHash.isBlank()) {
            throw new IllegalArgumentException("passwordHash must not be empty");
        }
    }
}
