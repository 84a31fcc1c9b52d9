-- The platform's end user of a call (OpenAI's `user`, Anthropic's `metadata.user_id`), on the
-- transaction and its usage record. Nullable with no default, so adding it rewrites no table;
-- rows written before it have none. Views list their columns, so ledger_postings is unaffected.
ALTER TABLE ledger_transactions ADD COLUMN end_user text;

ALTER TABLE usage_records ADD COLUMN end_user text;
