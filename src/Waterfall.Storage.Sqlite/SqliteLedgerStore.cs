using System.Globalization;
using Microsoft.Data.Sqlite;
using Waterfall.Domain.Events;
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
public sealed class SqliteLedgerStore : ILedgerStore, IEventOutbox, ILedgerReader, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<WalletKey, long> _heads = new();
    private readonly SqliteBulkInsert _transactions, _keys, _usage, _outbox;
    private readonly SqliteCommand _lastSequence;
    private readonly WalCheckpointer _checkpoints;
    private readonly SqliteLedgerReader _reader;

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
        // The writer never checkpoints (that would stall a commit while the log is copied into the
        // database); a background connection does, and the writer finishes the job between batches when the log
        // is due to start over (WalCheckpointer).
        Execute(_writer, "PRAGMA wal_autocheckpoint=0;");
        // SQLite's default 2 MB cache is smaller than one large batch's dirty pages: the writer spilled pages into the
        // log before its commit and read index pages back from the file (docs/performance.md, "Batches"). A much larger
        // one costs every commit a scan of it (SqliteLedgerOptions.WriterCacheBytes).
        Execute(_writer, FormattableString.Invariant($"PRAGMA cache_size=-{Math.Max(1, options.WriterCacheBytes / 1024)};"));
        _checkpoints = new WalCheckpointer(OpenReader, options.CheckpointInterval, options.WalRestartBytes);
        Execute(_writer, _checkpoints.JournalSizeLimitPragma);

        _transactions = new SqliteBulkInsert(_writer, "ledger_transactions",
            ["tenant_id", "wallet_id", "seq", "kind", "at", "idempotency_key", "customer_id", "agent_id", "request_id",
             "model", "provider", "input_tokens", "output_tokens", "payer", "network", "transaction_hash", "event", "postings", "end_user"]);
        _keys = new SqliteBulkInsert(_writer, "idempotency_keys", ["tenant_id", "wallet_id", "operation", "key", "fingerprint", "seq", "receipt", "recorded_at"],
            "ON CONFLICT (tenant_id, wallet_id, operation, key) DO UPDATE SET fingerprint = excluded.fingerprint, seq = excluded.seq, receipt = excluded.receipt, recorded_at = excluded.recorded_at");
        _usage = new SqliteBulkInsert(_writer, "usage_records",
            ["tenant_id", "wallet_id", "seq", "at", "customer_id", "agent_id", "request_id", "model", "provider", "input_tokens", "output_tokens",
             "cache_read_tokens", "cache_write_tokens", "reasoning_tokens", "audio_tokens", "batch", "tier", "rated_cost_usd", "tokens_covered",
             "money_cost_nanos", "overage_nanos", "end_user"]);
        _outbox = new SqliteBulkInsert(_writer, "event_outbox", OutboxColumns, "ON CONFLICT (tenant_id, event_id) DO NOTHING");
        _reader = new SqliteLedgerReader(options.Path);
        _lastSequence = _writer.CreateCommand();
        _lastSequence.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w";
        _lastSequence.Parameters.Add(new SqliteParameter("$t", ""));
        _lastSequence.Parameters.Add(new SqliteParameter("$w", ""));
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
            while (reader.Read()) events.Add(StoredColumn.Event(reader, 0));
        }
        var history = new WalletHistory(snapshot, events);
        return Task.FromResult(history);
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
        var heads = new Dictionary<WalletKey, long>();
        _checkpoints.CatchUp(_writer);
        using var transaction = _writer.BeginTransaction(deferred: false);
        try
        {
            using var rows = new LedgerRows();
            for (var i = 0; i < batch.Count; i++)
            {
                // Fencing: an append must directly follow what is durable, or it came from a stale writer.
                var wallet = batch[i].Wallet;
                if (LastSequence(wallet, transaction) != batch[i].FirstSequence - 1) { conflicts.Add(i); continue; }
                foreach (var entry in batch[i].Entries) rows.Add(wallet, entry);
                heads[wallet] = batch[i].Entries[^1].Event.Sequence;
            }
            _transactions.Insert(rows.Transactions, static (b, r) =>
            {
                var a = r.Attribution;
                b.Bind(1, r.TenantId); b.Bind(2, r.WalletId); b.Bind(3, r.Sequence); b.Bind(4, r.Kind); b.Bind(5, r.At);
                b.Bind(6, r.IdempotencyKey); b.Bind(7, a.CustomerId); b.Bind(8, a.AgentId); b.Bind(9, a.RequestId); b.Bind(10, a.Model);
                b.Bind(11, a.Provider); b.Bind(12, a.InputTokens); b.Bind(13, a.OutputTokens); b.Bind(14, a.Payer); b.Bind(15, a.Network);
                b.Bind(16, a.TransactionHash); b.Bind(17, r.Event); b.Bind(18, r.PostingsJson);
                b.Bind(19, a.EndUser);
            });
            _keys.Insert(rows.Keys, static (b, k) =>
            {
                b.Bind(1, k.TenantId); b.Bind(2, k.WalletId); b.Bind(3, k.Operation); b.Bind(4, k.Key); b.Bind(5, k.Fingerprint);
                b.Bind(6, k.Sequence); b.Bind(7, k.Receipt); b.Bind(8, k.RecordedAt);
            });
            _usage.Insert(rows.Usage, static (b, u) =>
            {
                b.Bind(1, u.TenantId); b.Bind(2, u.WalletId); b.Bind(3, u.Sequence); b.Bind(4, u.At); b.Bind(5, u.CustomerId);
                b.Bind(6, u.AgentId); b.Bind(7, u.RequestId); b.Bind(8, u.Model); b.Bind(9, u.Provider); b.Bind(10, u.InputTokens);
                b.Bind(11, u.OutputTokens); b.Bind(12, u.CacheReadTokens); b.Bind(13, u.CacheWriteTokens); b.Bind(14, u.ReasoningTokens);
                b.Bind(15, u.AudioTokens); b.Bind(16, u.Batch ? 1 : 0); b.Bind(17, u.Tier);
                b.Bind(18, u.RatedCostUsd.ToString(CultureInfo.InvariantCulture)); b.Bind(19, u.TokensCovered); b.Bind(20, u.MoneyCostNanos); b.Bind(21, u.OverageNanos);
                b.Bind(22, u.EndUser);
            });
            if (rows.Outbox.Count > 0) _outbox.Insert(rows.Outbox, BindOutbox);
            transaction.Commit();
            foreach (var (wallet, head) in heads) _heads[wallet] = head;
            return conflicts;
        }
        catch
        {
            transaction.Rollback();
            throw;
        }
    }

    /// <summary>
    /// The wallet's last durable sequence. This process is the file's only writer, so what it
    /// wrote or read is remembered; the primary key stays the last fence if that were ever wrong.
    /// </summary>
    private long LastSequence(WalletKey wallet, SqliteTransaction transaction)
    {
        if (_heads.TryGetValue(wallet, out var head)) return head;
        _lastSequence.Transaction = transaction;
        _lastSequence.Parameters["$t"].Value = wallet.TenantId;
        _lastSequence.Parameters["$w"].Value = wallet.WalletId;
        return (long)_lastSequence.ExecuteScalar()!;
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

    /// <summary>A probe of the wallet's last row in the unique (tenant, wallet, seq) index: no event is read or deserialized.</summary>
    public Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT COALESCE(MAX(seq), 0) FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w", wallet);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT event FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w AND seq > $after ORDER BY seq LIMIT $limit", wallet);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var page = new List<LedgerTransaction>();
        while (reader.Read()) page.Add(StoredColumn.Event(reader, 0).ToLedgerTransaction(wallet));
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
            StoredColumn.Receipt(reader, 1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
    }

    // Operation names are the enum's own (no input): listed so the lookup probes the unique index once per operation and key.
    private static readonly string KeyLookup =
        "SELECT operation, key, fingerprint, receipt, recorded_at FROM idempotency_keys WHERE tenant_id = $t AND wallet_id = $w AND operation IN (" +
        string.Join(", ", KeyScope.Commands.Select(static o => $"'{o}'")) + ") AND key IN ";

    /// <summary>Keys per statement: far below SQLite's limit on parameters, and one statement text per size up to it.</summary>
    private const int KeysPerLookup = 256;

    /// <remarks>
    /// Read off the caller's thread: a wallet that needs one read per batch of calls gathers the next batch's keys
    /// while this read runs (<c>KeyTableReader</c>), which a read on the grain's own turn would not let it do.
    /// </remarks>
    public Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.FromResult<IReadOnlyList<IdempotencyRecord>>([]) : Task.Run(() => FindIdempotencyKeys(wallet, keys), cancellationToken);

    private IReadOnlyList<IdempotencyRecord> FindIdempotencyKeys(WalletKey wallet, IReadOnlyCollection<string> keys)
    {
        var found = new List<IdempotencyRecord>();
        using var connection = OpenReader();
        foreach (var chunk in keys.Distinct().Chunk(KeysPerLookup))
        {
            using var command = Command(connection, KeyLookup + "(" + string.Join(", ", chunk.Select(static (_, i) => $"$k{i}")) + ")", wallet);
            for (var i = 0; i < chunk.Length; i++) command.Parameters.AddWithValue($"$k{i}", chunk[i]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                found.Add(new IdempotencyRecord(Enum.Parse<TransactionKind>(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                    StoredColumn.Receipt(reader, 3), DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        }
        return found;
    }

    public Task<int> PurgeIdempotencyAsync(DateTimeOffset recordedBefore, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE recorded_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", Iso(recordedBefore));
        return Task.FromResult(command.ExecuteNonQuery());
    }

    private static readonly string[] OutboxColumns = ["tenant_id", "wallet_id", "seq", "idx", "event_id", "type", "at", "customer_id", "version", "payload"];

    private static void BindOutbox(SqliteBulkInsert.RowBinder b, Announcement a)
    {
        b.Bind(1, a.TenantId); b.Bind(2, a.WalletId); b.Bind(3, a.Sequence); b.Bind(4, (long)a.Index); b.Bind(5, a.Id);
        b.Bind(6, a.Type); b.Bind(7, a.At); b.Bind(8, a.CustomerId); b.Bind(9, (long)a.Version); b.Bind(10, a.Payload);
    }

    public Task<IReadOnlyList<OutboxRecord>> ReadAsync(string tenantId, long afterPosition, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT position, {string.Join(", ", OutboxColumns)} FROM event_outbox WHERE tenant_id = $t AND position > $after ORDER BY position LIMIT $limit";
        command.Parameters.AddWithValue("$t", tenantId);
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var page = new List<OutboxRecord>();
        while (reader.Read())
            page.Add(new OutboxRecord(reader.GetInt64(0), new Announcement(reader.GetString(5), reader.GetString(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(9), reader.GetString(10))));
        return Task.FromResult<IReadOnlyList<OutboxRecord>>(page);
    }

    public Task AddAsync(Announcement announcement, CancellationToken cancellationToken = default)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO event_outbox ({string.Join(", ", OutboxColumns)}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tenant_id, event_id) DO NOTHING";
        object?[] values = [announcement.TenantId, announcement.WalletId, announcement.Sequence, announcement.Index, announcement.Id,
            announcement.Type, Iso(announcement.At), announcement.CustomerId, announcement.Version, announcement.Payload];
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue($"${i + 1}", values[i] ?? DBNull.Value);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<StoredEvent> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds = null, CancellationToken cancellationToken = default) =>
        _reader.ReadTenantAsync(tenantId, from, to, kinds, cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        _reader.ReadWalletAsync(wallet, from, to, cancellationToken);

    /// <summary>The log's checkpointer, for tests that watch it keep the log bounded.</summary>
    internal WalCheckpointer Checkpoints => _checkpoints;

    public void Dispose()
    {
        _checkpoints.Dispose();
        _transactions.Dispose();
        _keys.Dispose();
        _usage.Dispose();
        _outbox.Dispose();
        _lastSequence.Dispose();
        _writer.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>ISO 8601 in UTC with a fixed width, so text order is time order.</summary>
    internal const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture);

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

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
