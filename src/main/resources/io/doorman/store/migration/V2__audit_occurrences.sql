-- One row may stand for the same event repeated: under load the recorder merges identical decision lines
-- that arrive together (tens of thousands of elevated requests a second would otherwise be as many rows).
ALTER TABLE audit_event ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1;
