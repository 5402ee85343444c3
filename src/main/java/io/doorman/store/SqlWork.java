package io.doorman.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run by {@link Store} while it holds the connection. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
