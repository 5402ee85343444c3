package io.doorman.store;

import io.doorman.config.Secret;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Secrets the console holds (the PMS URL and owner token), as {@link Secret} values so they never print. They
 * are stored as they are: the database file is readable by its owner only (0600).
 */
public final class SecretStore {

    private final Store store;

    SecretStore(Store store) {
        this.store = store;
    }

    /** Stores the secret, replacing any earlier value; an empty secret deletes it. */
    public void put(SecretKey key, Secret value, Instant now) {
        if (value == null || value.isEmpty()) {
            delete(key);
            return;
        }
        store.run("store the secret " + key.key(), c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO console_secret (key, value, updated_ms)"
                    + " VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                    + " updated_ms = excluded.updated_ms")) {
                st.setString(1, key.key());
                st.setString(2, value.reveal());
                st.setLong(3, now.toEpochMilli());
                return st.executeUpdate();
            }
        });
    }

    /** The secret, empty when not set. */
    public Optional<Secret> get(SecretKey key) {
        return store.run("read the secret " + key.key(), c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT value FROM console_secret WHERE key = ?")) {
                st.setString(1, key.key());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new Secret(rs.getString(1))) : Optional.<Secret>empty();
                }
            }
        });
    }

    /** Deletes the secret; whether it was set. */
    public boolean delete(SecretKey key) {
        return store.run("delete the secret " + key.key(), c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM console_secret WHERE key = ?")) {
                st.setString(1, key.key());
                return st.executeUpdate() == 1;
            }
        });
    }
}
