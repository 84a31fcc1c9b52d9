-- The ledger: append-only, double-entry. One row per wallet operation, numbered per wallet;
-- (tenant, wallet, seq) is unique, which fences off a second writer of the same wallet.
-- Tables keep SQLite's rowid so rows append at the end of the file (a group batch touches few
-- pages); the per-wallet lookups go through small unique indexes.
CREATE TABLE ledger_transactions (
    tenant_id        TEXT    NOT NULL,
    wallet_id        TEXT    NOT NULL,
    seq              INTEGER NOT NULL,
    kind             TEXT    NOT NULL,
    at               TEXT    NOT NULL,  -- ISO 8601 UTC, sortable
    idempotency_key  TEXT,
    customer_id      TEXT,
    agent_id         TEXT,
    request_id       TEXT,
    model            TEXT,
    provider         TEXT,
    input_tokens     INTEGER,
    output_tokens    INTEGER,
    payer            TEXT,
    network          TEXT,
    transaction_hash TEXT,
    event            TEXT    NOT NULL,  -- the wallet event (JSON), replayed on recovery
    postings         TEXT    NOT NULL   -- its balanced postings (JSON array), see ledger_postings
);

CREATE UNIQUE INDEX ledger_transactions_wallet_seq ON ledger_transactions (tenant_id, wallet_id, seq);

CREATE INDEX ledger_transactions_at ON ledger_transactions (tenant_id, at);

-- Postings live on their transaction (a JSON array); this view gives them one row each.
-- Signed amounts: positive debits the account, negative credits it; each transaction sums to zero per unit.
CREATE VIEW ledger_postings AS
SELECT t.tenant_id, t.wallet_id, t.seq, p.key AS line,
       json_extract(p.value, '$.account') AS account,
       json_extract(p.value, '$.unit') AS unit,
       json_extract(p.value, '$.amount') AS amount,
       json_extract(p.value, '$.grant') AS grant_id,
       json_extract(p.value, '$.hold') AS hold_id
FROM ledger_transactions t, json_each(t.postings) p;

CREATE TABLE wallet_snapshots (
    tenant_id TEXT    NOT NULL,
    wallet_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    taken_at  TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, wallet_id, seq)
) WITHOUT ROWID;

-- Idempotency keys, unique per wallet and operation, kept for the configured retention.
CREATE TABLE idempotency_keys (
    tenant_id   TEXT    NOT NULL,
    wallet_id   TEXT    NOT NULL,
    operation   TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    receipt     TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);

CREATE UNIQUE INDEX idempotency_keys_wallet_key ON idempotency_keys (tenant_id, wallet_id, operation, key);

CREATE INDEX idempotency_keys_recorded_at ON idempotency_keys (recorded_at);

-- One row per metered LLM call, with its attribution and how it was priced and paid.
CREATE TABLE usage_records (
    tenant_id          TEXT    NOT NULL,
    wallet_id          TEXT    NOT NULL,
    seq                INTEGER NOT NULL,
    at                 TEXT    NOT NULL,
    customer_id        TEXT,
    agent_id           TEXT,
    request_id         TEXT,
    model              TEXT    NOT NULL,
    provider           TEXT    NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    audio_tokens       INTEGER NOT NULL,
    batch              INTEGER NOT NULL,
    tier               TEXT,
    rated_cost_usd     TEXT    NOT NULL,  -- exact decimal
    tokens_covered     INTEGER NOT NULL,
    money_cost_nanos   INTEGER NOT NULL,
    overage_nanos      INTEGER NOT NULL
);

CREATE INDEX usage_records_at ON usage_records (tenant_id, at);
