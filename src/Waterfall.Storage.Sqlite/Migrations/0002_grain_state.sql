-- Orleans grain state for grains that keep a state (e.g. the settlement queue), one row per grain
-- and state name, guarded by an etag for optimistic concurrency.
CREATE TABLE grain_state (
    grain_id   TEXT NOT NULL,
    state_name TEXT NOT NULL,
    etag       TEXT NOT NULL,
    data       BLOB NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (grain_id, state_name)
) WITHOUT ROWID;
