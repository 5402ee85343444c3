package io.doorman.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The console's embedded database: {@code <dataDir>/doorman.db} (SQLite, WAL, mode 0600), migrated by Flyway
 * from {@code classpath:io/doorman/store/migration}. One connection, used by one thread at a time (SQLite
 * serialises writers anyway); the repositories it hands out are safe to use from any thread.
 */
public final class Store implements AutoCloseable {

    /** The database file's name inside the data directory. */
    public static final String FILE_NAME = "doorman.db";

    static final String MIGRATIONS = "classpath:io/doorman/store/migration";
    private static final int BUSY_TIMEOUT_MS = 5_000;
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    private final AdminAccount admin = new AdminAccount(this);
    private final ConsoleSessionStore sessions = new ConsoleSessionStore(this);
    private final AuditEventStore audit;
    private final TrafficHistory traffic = new TrafficHistory(this);
    private final SecretStore secrets = new SecretStore(this);

    private Store(Path file, Connection connection, int maxAuditEvents) {
        this.file = file;
        this.connection = connection;
        this.audit = new AuditEventStore(this, maxAuditEvents);
    }

    /** Opens (creating and migrating when needed) the store in {@code dataDir}, keeping 50 000 audit events. */
    public static Store open(Path dataDir) {
        return open(dataDir, AuditEventStore.DEFAULT_MAX_EVENTS);
    }

    /**
     * Opens (creating and migrating when needed) the store in {@code dataDir}.
     *
     * @param maxAuditEvents how many audit events to keep; older ones are pruned as new ones arrive
     * @throws StoreException when the directory or file cannot be used, the file is not a SQLite database or is
     *                        corrupt (it is left untouched), or it was written by a newer Doorman
     */
    public static Store open(Path dataDir, int maxAuditEvents) {
        if (maxAuditEvents < 1) {
            throw new IllegalArgumentException("maxAuditEvents must be at least 1");
        }
        Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
        prepareFile(file);
        SQLiteDataSource dataSource = dataSource(file);
        migrate(file, dataSource);
        try {
            Connection c = dataSource.getConnection();
            try {
                checkIntegrity(file, c);
            } catch (StoreException | SQLException e) {
                c.close();
                throw e;
            }
            return new Store(file, c, maxAuditEvents);
        } catch (SQLException e) {
            throw new StoreException("cannot open the console database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The single admin account. */
    public AdminAccount admin() {
        return admin;
    }

    /** Console login sessions. */
    public ConsoleSessionStore sessions() {
        return sessions;
    }

    /** Security audit events. */
    public AuditEventStore audit() {
        return audit;
    }

    /** Per-minute proxy traffic. */
    public TrafficHistory traffic() {
        return traffic;
    }

    /** Secrets held by the console (the PMS URL and owner token). */
    public SecretStore secrets() {
        return secrets;
    }

    /** Runs {@code work} holding the connection; {@code what} says what failed in the error. */
    <T> T run(String what, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("console database " + file + ": cannot " + what + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction, rolled back when it throws. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        return run(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("console database " + file + " is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the console database " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Creates the directory (0700) and an empty file (0600) when missing; refuses anything not SQLite. */
    private static void prepareFile(Path file) {
        Path dir = file.getParent();
        boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (Files.isSymbolicLink(file)) {
                throw new StoreException("refusing console database " + file
                        + ": it is a symbolic link (point --data-dir at a directory holding the real file)");
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StoreException("refusing console database " + file + ": it is not a regular file");
                }
                refuseNonSqlite(file);
            } else {
                try {
                    if (posix) {
                        Files.createFile(file,
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                    }
                } catch (FileAlreadyExistsException raced) {
                    refuseNonSqlite(file);
                }
            }
            if (posix) {
                // Holds the admin's password hash and the owner token: only the owner may read it.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new StoreException("cannot prepare the console database " + file + ": " + e, e);
        }
    }

    /** An empty file is a new database; anything else must start with SQLite's header. */
    private static void refuseNonSqlite(Path file) throws IOException {
        if (Files.size(file) == 0) {
            return;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SQLITE_HEADER.length);
        }
        if (!Arrays.equals(head, SQLITE_HEADER)) {
            throw new StoreException("console database " + file + " is not a SQLite database; Doorman left it"
                    + " as it is: move it aside or restore a backup, then start again");
        }
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // With WAL, NORMAL syncs at checkpoints rather than at every commit: the file stays consistent through a
        // power cut and at most the last commits are lost; every audit batch paid an fsync on the proxy's core.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static void migrate(Path file, SQLiteDataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                // A migration this build does not know is an error, never ignored: the file is newer than us.
                .ignoreMigrationPatterns(new String[0])
                .cleanDisabled(true)
                .baselineOnMigrate(false)
                .load();
        try {
            MigrationInfo[] all = flyway.info().all();
            MigrationInfo future = null;
            String known = "none";
            for (MigrationInfo m : all) {
                if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                    future = m;
                } else if (m.getState().isResolved() && m.getVersion() != null) {
                    known = m.getVersion().toString();
                }
            }
            if (future != null) {
                throw new StoreException("console database " + file + " was written by a newer Doorman (schema"
                        + " version " + future.getVersion() + "; this Doorman knows up to " + known + "): run that"
                        + " Doorman or restore a backup; Doorman never downgrades it");
            }
            flyway.migrate();
        } catch (FlywayException e) {
            if (isCorruption(e)) {
                throw new StoreException("console database " + file + " is corrupt or not a SQLite database;"
                        + " Doorman left it as it is: restore a backup or move it aside, then start again", e);
            }
            throw new StoreException("cannot migrate the console database " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isCorruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_NOTADB || code.name().startsWith("SQLITE_CORRUPT")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Catches a damaged file before any repository touches it. */
    private static void checkIntegrity(Path file, Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String first = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equalsIgnoreCase(first)) {
                throw new StoreException("console database " + file + " is corrupt (" + first + "); Doorman left"
                        + " it as it is: restore a backup or move it aside, then start again");
            }
        }
    }
}
