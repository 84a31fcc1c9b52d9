-- The platform's end user of a call (OpenAI's `user`, Anthropic's `metadata.user_id`), on the
-- transaction and its usage record. Nullable: rows written before it have none, and the event
-- JSON of those rows has none either. Views list their columns, so ledger_postings is unaffected.
ALTER TABLE ledger_transactions ADD COLUMN end_user TEXT;

ALTER TABLE usage_records ADD COLUMN end_user TEXT;
