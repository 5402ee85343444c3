package io.doorman.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.config.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void migratesAnEmptyDirectoryToTheCurrentSchema() throws Exception {
        Path data = dir.resolve("data");
        try (Store store = Store.open(data)) {
            assertThat(store.file()).isEqualTo(data.toAbsolutePath().resolve("doorman.db"));
            assertThat(store.admin().setupDone()).isFalse();
        }
        try (Connection c = raw(data); Statement st = c.createStatement()) {
            assertThat(strings(st, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                    .contains("admin_account", "audit_event", "console_secret", "console_session", "traffic_minute",
                            "flyway_schema_history");
            assertThat(strings(st, "SELECT version FROM flyway_schema_history WHERE success = 1")).contains("1");
            assertThat(strings(st, "PRAGMA journal_mode")).containsExactly("wal");
        }
    }

    @Test
    void fileIs0600AndNewDirectoryIs0700() throws Exception {
        Path data = dir.resolve("new/data");
        try (Store store = Store.open(data)) {
            store.secrets().put(SecretKey.PMS_URL, new Secret("http://127.0.0.1:32400"), NOW);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                    .isEqualTo("rw-------");
            try (var files = Files.list(data)) {
                for (Path p : files.toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .as("%s", p.getFileName()).isEqualTo("rw-------");
                }
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void tightensAWiderModeOnAnExistingFile() throws Exception {
        try (Store store = Store.open(dir)) {
            Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (Store store = Store.open(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void reopeningKeepsTheData() {
        try (Store store = Store.open(dir)) {
            store.admin().setPasswordHash("$2y$12$hash", NOW);
            store.secrets().put(SecretKey.PMS_OWNER_TOKEN, new Secret("owner-token"), NOW);
            store.audit().append(new AuditEvent(NOW, "elevated_live_tv", "sha256:0123456789abcdef", "192.0.2.1",
                    "GET", "/livetv/dvrs"));
            store.traffic().add(NOW, 3, 300, 1);
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.admin().passwordHash()).contains("$2y$12$hash");
            assertThat(store.secrets().get(SecretKey.PMS_OWNER_TOKEN)).map(Secret::reveal).contains("owner-token");
            assertThat(store.audit().recent(null, 10)).hasSize(1);
            assertThat(store.traffic().range(NOW.minusSeconds(3600), NOW.plusSeconds(60))).hasSize(1);
        }
    }

    @Test
    void refusesAFileWrittenByANewerDoormanAndLeavesItAlone() throws Exception {
        Store.open(dir).close();
        try (Connection c = raw(dir); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                    + " script, checksum, installed_by, installed_on, execution_time, success)"
                    + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 1, 'test',"
                    + " CURRENT_TIMESTAMP, 1, 1)");
        }

        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toAbsolutePath().resolve("doorman.db").toString())
                .hasMessageContaining("newer Doorman")
                .hasMessageContaining("99");

        try (Connection c = raw(dir); Statement st = c.createStatement()) {
            assertThat(strings(st, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                    .as("not repaired").containsExactly("1", "2", "99");
        }
    }

    @Test
    void refusesAFileThatIsNotSqliteAndLeavesItAsItWas() throws Exception {
        Path file = dir.resolve("doorman.db");
        byte[] content = "{\"this is\": \"not a database\"}\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);

        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not a SQLite database");

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void refusesACorruptDatabaseAndLeavesItAsItWas() throws Exception {
        Path file = dir.resolve("doorman.db");
        byte[] content = new byte[8192];
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, content, 0, header.length);
        for (int i = header.length; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        Files.write(file, content);

        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("corrupt");

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void refusesASymbolicLink() throws Exception {
        Path real = dir.resolve("elsewhere.db");
        Files.createFile(real);
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve("doorman.db"), real);

        assertThatThrownBy(() -> Store.open(data))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aClosedStoreSaysSo() {
        Store store = Store.open(dir);
        store.close();
        assertThatThrownBy(() -> store.admin().setupDone())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    private Connection raw(Path data) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("doorman.db"));
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
