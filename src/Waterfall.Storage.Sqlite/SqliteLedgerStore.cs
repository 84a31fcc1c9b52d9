using System.Globalization;
using Microsoft.Data.Sqlite;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Ledger.Rows;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// The ledger in one SQLite file (write-ahead log). One writer connection commits each group
/// batch in one transaction; readers use their own connections and never block it.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteLedgerStore(SqliteLedgerOptions options)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = options.Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        SqliteMigrator.Migrate(_connectionString);

        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode=WAL;");
        var synchronous = options.Synchronous.ToUpperInvariant() is "FULL" or "NORMAL" or "EXTRA" ? options.Synchronous.ToUpperInvariant() : "FULL";
        Execute(_writer, $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;");
    }

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        WalletSnapshot? snapshot = null;
        using (var command = Command(connection, "SELECT state FROM wallet_snapshots WHERE tenant_id = $t AND wallet_id = $w ORDER BY seq DESC LIMIT 1", wallet))
            if (command.ExecuteScalar() is string state) snapshot = LedgerJson.DeserializeSnapshot(state);

        var events = new List<WalletEvent>();
        using (var command = Command(connection, "SELECT event FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w AND seq > $after ORDER BY seq", wallet))
        {
            command.Parameters.AddWithValue("$after", snapshot?.Sequence ?? 0);
            using var reader = command.ExecuteReader();
            while (reader.Read()) events.Add(LedgerJson.DeserializeEvent(reader.GetString(0)));
        }
        return Task.FromResult(new WalletHistory(snapshot, events));
    }

    public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<JournalAppend> batch, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Write(batch);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private HashSet<int> Write(IReadOnlyList<JournalAppend> batch)
    {
        var conflicts = new HashSet<int>();
        using var transaction = _writer.BeginTransaction(deferred: false);
        try
        {
            var rows = new LedgerRows();
            for (var i = 0; i < batch.Count; i++)
            {
                // Fencing: an append must directly follow what is durable, or it came from a stale writer.
                if (LastSequence(batch[i].Wallet, transaction) != batch[i].FirstSequence - 1) { conflicts.Add(i); continue; }
                foreach (var entry in batch[i].Entries) rows.Add(batch[i].Wallet, entry);
            }
            InsertRows(rows, transaction);
            transaction.Commit();
            return conflicts;
        }
        catch
        {
            transaction.Rollback();
            throw;
        }
    }

    private long LastSequence(WalletKey wallet, SqliteTransaction transaction)
    {
        using var command = Command(_writer, "SELECT COALESCE(MAX(seq), 0) FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w", wallet);
        command.Transaction = transaction;
        return (long)command.ExecuteScalar()!;
    }

    private void InsertRows(LedgerRows rows, SqliteTransaction transaction)
    {
        using (var insert = Prepare(transaction, """
            INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, idempotency_key, customer_id, agent_id, request_id,
                model, provider, input_tokens, output_tokens, payer, network, transaction_hash, event)
            VALUES ($t, $w, $seq, $kind, $at, $key, $customer, $agent, $request, $model, $provider, $in, $out, $payer, $network, $hash, $event)
            """, "$t", "$w", "$seq", "$kind", "$at", "$key", "$customer", "$agent", "$request", "$model", "$provider", "$in", "$out", "$payer", "$network", "$hash", "$event"))
        {
            foreach (var r in rows.Transactions)
            {
                var a = r.Attribution;
                Run(insert, r.TenantId, r.WalletId, r.Sequence, r.Kind, Iso(r.At), r.IdempotencyKey, a.CustomerId, a.AgentId, a.RequestId,
                    a.Model, a.Provider, a.InputTokens, a.OutputTokens, a.Payer, a.Network, a.TransactionHash, r.EventJson);
            }
        }
        using (var insert = Prepare(transaction, """
            INSERT INTO ledger_postings (tenant_id, wallet_id, seq, line, account, unit, amount, grant_id, hold_id)
            VALUES ($t, $w, $seq, $line, $account, $unit, $amount, $grant, $hold)
            """, "$t", "$w", "$seq", "$line", "$account", "$unit", "$amount", "$grant", "$hold"))
        {
            foreach (var p in rows.Postings)
                Run(insert, p.TenantId, p.WalletId, p.Sequence, p.Line, p.Account, p.Unit, p.Amount, p.GrantId, p.HoldId);
        }
        using (var insert = Prepare(transaction, """
            INSERT INTO idempotency_keys (tenant_id, wallet_id, operation, key, fingerprint, seq, receipt, recorded_at)
            VALUES ($t, $w, $op, $key, $fp, $seq, $receipt, $at)
            ON CONFLICT (tenant_id, wallet_id, operation, key) DO UPDATE SET
                fingerprint = excluded.fingerprint, seq = excluded.seq, receipt = excluded.receipt, recorded_at = excluded.recorded_at
            """, "$t", "$w", "$op", "$key", "$fp", "$seq", "$receipt", "$at"))
        {
            foreach (var k in rows.Keys)
                Run(insert, k.TenantId, k.WalletId, k.Operation, k.Key, k.Fingerprint, k.Sequence, k.ReceiptJson, Iso(k.RecordedAt));
        }
        using (var insert = Prepare(transaction, """
            INSERT INTO usage_records (tenant_id, wallet_id, seq, at, customer_id, agent_id, request_id, model, provider,
                input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, audio_tokens, batch, tier,
                rated_cost_usd, tokens_covered, money_cost_nanos, overage_nanos)
            VALUES ($t, $w, $seq, $at, $customer, $agent, $request, $model, $provider, $in, $out, $cr, $cw, $reasoning, $audio, $batch, $tier,
                $cost, $covered, $money, $overage)
            """, "$t", "$w", "$seq", "$at", "$customer", "$agent", "$request", "$model", "$provider", "$in", "$out", "$cr", "$cw", "$reasoning", "$audio", "$batch", "$tier", "$cost", "$covered", "$money", "$overage"))
        {
            foreach (var u in rows.Usage)
                Run(insert, u.TenantId, u.WalletId, u.Sequence, Iso(u.At), u.CustomerId, u.AgentId, u.RequestId, u.Model, u.Provider,
                    u.InputTokens, u.OutputTokens, u.CacheReadTokens, u.CacheWriteTokens, u.ReasoningTokens, u.AudioTokens, u.Batch ? 1 : 0, u.Tier,
                    u.RatedCostUsd.ToString(CultureInfo.InvariantCulture), u.TokensCovered, u.MoneyCostNanos, u.OverageNanos);
        }
    }

    public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction();
        using (var insert = Command(connection, "INSERT OR IGNORE INTO wallet_snapshots (tenant_id, wallet_id, seq, taken_at, state) VALUES ($t, $w, $seq, $at, $state)", wallet))
        {
            insert.Transaction = transaction;
            insert.Parameters.AddWithValue("$seq", snapshot.Sequence);
            insert.Parameters.AddWithValue("$at", Iso(DateTimeOffset.UtcNow));
            insert.Parameters.AddWithValue("$state", LedgerJson.Serialize(snapshot));
            insert.ExecuteNonQuery();
        }
        // Keep the two latest: recovery needs one, the other covers a snapshot that turns out unreadable.
        using (var prune = Command(connection, """
            DELETE FROM wallet_snapshots WHERE tenant_id = $t AND wallet_id = $w AND seq < (
                SELECT seq FROM wallet_snapshots WHERE tenant_id = $t AND wallet_id = $w ORDER BY seq DESC LIMIT 1 OFFSET 1)
            """, wallet))
        {
            prune.Transaction = transaction;
            prune.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT event FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w AND seq > $after ORDER BY seq LIMIT $limit", wallet);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var page = new List<LedgerTransaction>();
        while (reader.Read()) page.Add(LedgerJson.DeserializeEvent(reader.GetString(0)).ToLedgerTransaction(wallet));
        return Task.FromResult<IReadOnlyList<LedgerTransaction>>(page);
    }

    public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT fingerprint, receipt, recorded_at FROM idempotency_keys WHERE tenant_id = $t AND wallet_id = $w AND operation = $op AND key = $key", wallet);
        command.Parameters.AddWithValue("$op", operation.ToString());
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return Task.FromResult<IdempotencyRecord?>(null);
        return Task.FromResult<IdempotencyRecord?>(new IdempotencyRecord(operation, key, reader.GetString(0),
            LedgerJson.DeserializeReceipt(reader.GetString(1)), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
    }

    public Task<int> PurgeIdempotencyAsync(DateTimeOffset recordedBefore, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE recorded_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", Iso(recordedBefore));
        return Task.FromResult(command.ExecuteNonQuery());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>ISO 8601 in UTC with a fixed width, so text order is time order.</summary>
    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=10000;");
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, WalletKey wallet)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$t", wallet.TenantId);
        command.Parameters.AddWithValue("$w", wallet.WalletId);
        return command;
    }

    private SqliteCommand Prepare(SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
