-- The events the ledger announces (docs/events.md), written by the same statement as the postings
-- that caused them. position is the outbox order readers resume from. A batch that carries events
-- takes a transaction-scoped advisory lock before it draws positions and holds it to its commit,
-- so positions become visible in increasing order and a reader past position N never later
-- finds an N-1 it skipped. Operator events (an endpoint disabled) have no wallet.
CREATE TABLE event_outbox (
    position    bigserial   PRIMARY KEY,
    tenant_id   text        NOT NULL,
    wallet_id   text,
    seq         bigint      NOT NULL,
    idx         integer     NOT NULL,
    event_id    text        NOT NULL,
    type        text        NOT NULL,
    at          timestamptz NOT NULL,
    customer_id text,
    version     integer     NOT NULL,
    payload     text        NOT NULL,
    UNIQUE (tenant_id, event_id)
);

CREATE INDEX event_outbox_by_tenant ON event_outbox (tenant_id, position);
