-- Orleans reminders in the embedded file (wallets keep their next deadline here), one row per grain
-- and reminder name. grain_hash is the grain's uniform hash (0..2^32-1), for the reminder service's
-- range reads; version is the row's etag, bumped on every upsert.
CREATE TABLE reminders (
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    grain_hash    INTEGER NOT NULL,
    start_at      INTEGER NOT NULL, -- UTC ticks
    period        INTEGER NOT NULL, -- ticks
    version       INTEGER NOT NULL,
    PRIMARY KEY (grain_id, reminder_name)
) WITHOUT ROWID;

CREATE INDEX reminders_by_hash ON reminders (grain_hash);
