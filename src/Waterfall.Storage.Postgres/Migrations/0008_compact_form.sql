-- The compact form (docs/durability.md, "The stored form"): the event and receipt of a call — debits and the hold
-- path — are written as bytes into event_compact and receipt_compact, their JSON columns left null; every other row,
-- and every row written before, keeps its JSON. Only the catalog changes (NOT VALID skips checking the old rows, which
-- all have JSON), so the migration takes no time on a ledger of any size; the checks hold for every row written after.
ALTER TABLE ledger_transactions
    ALTER COLUMN event DROP NOT NULL,
    ADD COLUMN event_compact bytea,
    ADD CONSTRAINT ledger_transactions_one_event_form CHECK ((event IS NULL) <> (event_compact IS NULL)) NOT VALID;

ALTER TABLE idempotency_keys
    ALTER COLUMN receipt DROP NOT NULL,
    ADD COLUMN receipt_compact bytea,
    ADD CONSTRAINT idempotency_keys_one_receipt_form CHECK ((receipt IS NULL) <> (receipt_compact IS NULL)) NOT VALID;
