-- The events the ledger announces (docs/events.md), written in the same transaction as the
-- postings that caused them. position is the outbox order readers resume from: AUTOINCREMENT,
-- so a position is never reused, and the file has one writer, so positions are commit order.
-- Operator events (an endpoint disabled) have no wallet.
CREATE TABLE event_outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id TEXT NOT NULL,
    wallet_id TEXT,
    seq INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    customer_id TEXT,
    version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (tenant_id, event_id)
);

CREATE INDEX event_outbox_by_tenant ON event_outbox (tenant_id, position);
