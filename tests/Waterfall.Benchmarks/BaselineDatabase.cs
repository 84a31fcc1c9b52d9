using Npgsql;

namespace Waterfall.Benchmarks;

/// <summary>The conventional schema: one row per wallet, locked for every change, and a journal.</summary>
public sealed class BaselineDatabase(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public async Task CreateSchemaAsync()
    {
        await using var command = DataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS baseline_wallets (
                wallet_id text PRIMARY KEY, balance bigint NOT NULL, held bigint NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS baseline_journal (
                id bigserial PRIMARY KEY, wallet_id text NOT NULL, idempotency_key text NOT NULL, kind text NOT NULL,
                amount bigint NOT NULL, at timestamptz NOT NULL DEFAULT now(), UNIQUE (wallet_id, kind, idempotency_key));
            CREATE TABLE IF NOT EXISTS baseline_holds (
                hold_id bigserial PRIMARY KEY, wallet_id text NOT NULL, amount bigint NOT NULL, open boolean NOT NULL DEFAULT true);
            ALTER TABLE baseline_holds ADD COLUMN IF NOT EXISTS expires_at timestamptz;
            """);
        await command.ExecuteNonQueryAsync();
    }
}
