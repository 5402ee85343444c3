-- The console's state: the admin, browser sessions, audit history, traffic history and console-held secrets.
-- Times are epoch milliseconds (UTC).

-- At most one row: the console has a single admin.
CREATE TABLE admin_account (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    password_hash TEXT    NOT NULL,
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL
);

-- Keyed by the hex SHA-256 of the session id: a copy of this file cannot be replayed as a cookie.
CREATE TABLE console_session (
    id_sha256           TEXT    PRIMARY KEY,
    csrf_token          TEXT    NOT NULL,
    created_ms          INTEGER NOT NULL,
    last_seen_ms        INTEGER NOT NULL,
    idle_timeout_ms     INTEGER NOT NULL,
    absolute_expires_ms INTEGER NOT NULL
);
CREATE INDEX console_session_absolute ON console_session (absolute_expires_ms);

-- Security audit events; token_fp is a fingerprint, path carries no query.
CREATE TABLE audit_event (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms  INTEGER NOT NULL,
    outcome  TEXT    NOT NULL,
    token_fp TEXT    NOT NULL,
    source   TEXT    NOT NULL,
    method   TEXT    NOT NULL,
    path     TEXT    NOT NULL
);
CREATE INDEX audit_event_time ON audit_event (time_ms);
CREATE INDEX audit_event_outcome_time ON audit_event (outcome, time_ms);

-- Proxy traffic per minute (minute_ms is the start of the minute).
CREATE TABLE traffic_minute (
    minute_ms INTEGER PRIMARY KEY,
    requests  INTEGER NOT NULL,
    bytes     INTEGER NOT NULL,
    errors    INTEGER NOT NULL
);

-- Secrets the console holds (the PMS URL and owner token from the setup wizard).
CREATE TABLE console_secret (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_ms INTEGER NOT NULL
);
