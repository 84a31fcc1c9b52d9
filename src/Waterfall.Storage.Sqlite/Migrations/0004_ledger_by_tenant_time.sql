-- Finance reads a tenant's ledger by period, ordered by (at, wallet, seq): this index serves the
-- range and the order, so a period export neither scans wallets one by one nor sorts. It covers
-- what ledger_transactions_at (tenant_id, at) served, which is dropped to keep the write path at
-- the same number of indexes.
CREATE INDEX ledger_transactions_tenant_period ON ledger_transactions (tenant_id, at, wallet_id, seq);

DROP INDEX ledger_transactions_at;
