-- The ledger: append-only, double-entry. One row per wallet operation, numbered per wallet;
-- (tenant, wallet, seq) is unique, which fences off a second writer of the same wallet.
CREATE TABLE ledger_transactions (
    tenant_id        text        NOT NULL,
    wallet_id        text        NOT NULL,
    seq              bigint      NOT NULL,
    kind             text        NOT NULL,
    at               timestamptz NOT NULL,
    idempotency_key  text,
    customer_id      text,
    agent_id         text,
    request_id       text,
    model            text,
    provider         text,
    input_tokens     bigint,
    output_tokens    bigint,
    payer            text,
    network          text,
    transaction_hash text,
    event            text        NOT NULL,  -- the wallet event (JSON), replayed on recovery; query it with event::json
    postings         text        NOT NULL,  -- its balanced postings (JSON array), see ledger_postings
    PRIMARY KEY (tenant_id, wallet_id, seq)
);

CREATE INDEX ledger_transactions_at ON ledger_transactions (tenant_id, at);

-- Postings live on their transaction (a JSON array); this view gives them one row each.
-- Signed amounts: positive debits the account, negative credits it; each transaction sums to zero per unit.
CREATE VIEW ledger_postings AS
SELECT t.tenant_id, t.wallet_id, t.seq, (p.ordinality - 1)::smallint AS line,
       p.value ->> 'account' AS account,
       p.value ->> 'unit' AS unit,
       (p.value ->> 'amount')::bigint AS amount,
       p.value ->> 'grant' AS grant_id,
       p.value ->> 'hold' AS hold_id
FROM ledger_transactions t
CROSS JOIN LATERAL json_array_elements(t.postings::json) WITH ORDINALITY AS p(value, ordinality);

-- Keys and usage records are written in the same statement as their transaction, so no foreign
-- keys: they would only add a lookup per row to the write path.

CREATE TABLE wallet_snapshots (
    tenant_id text        NOT NULL,
    wallet_id text        NOT NULL,
    seq       bigint      NOT NULL,
    taken_at  timestamptz NOT NULL,
    state     text        NOT NULL,
    PRIMARY KEY (tenant_id, wallet_id, seq)
);

-- Idempotency keys, unique per wallet and operation, kept for the configured retention.
CREATE TABLE idempotency_keys (
    tenant_id   text        NOT NULL,
    wallet_id   text        NOT NULL,
    operation   text        NOT NULL,
    key         text        NOT NULL,
    fingerprint text        NOT NULL,
    seq         bigint      NOT NULL,
    receipt     text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, wallet_id, operation, key)
);

CREATE INDEX idempotency_keys_recorded_at ON idempotency_keys (recorded_at);

-- One row per metered LLM call, with its attribution and how it was priced and paid.
CREATE TABLE usage_records (
    tenant_id          text        NOT NULL,
    wallet_id          text        NOT NULL,
    seq                bigint      NOT NULL,
    at                 timestamptz NOT NULL,
    customer_id        text,
    agent_id           text,
    request_id         text,
    model              text        NOT NULL,
    provider           text        NOT NULL,
    input_tokens       bigint      NOT NULL,
    output_tokens      bigint      NOT NULL,
    cache_read_tokens  bigint      NOT NULL,
    cache_write_tokens bigint      NOT NULL,
    reasoning_tokens   bigint      NOT NULL,
    audio_tokens       bigint      NOT NULL,
    batch              boolean     NOT NULL,
    tier               text,
    rated_cost_usd     numeric     NOT NULL,  -- exact
    tokens_covered     bigint      NOT NULL,
    money_cost_nanos   bigint      NOT NULL,
    overage_nanos      bigint      NOT NULL,
    PRIMARY KEY (tenant_id, wallet_id, seq)
);

CREATE INDEX usage_records_at ON usage_records (tenant_id, at);
