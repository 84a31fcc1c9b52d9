using Npgsql;
using NpgsqlTypes;
using Waterfall.Domain.Events;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Ledger.Rows;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Storage.Postgres;

/// <summary>
/// The ledger on PostgreSQL. A group batch — many wallets' appends — is written by one statement
/// in one round trip: it first checks, per wallet, that the append directly follows the last
/// durable sequence (fencing off stale activations and refusing gaps), then inserts the
/// transactions (with their postings), idempotency keys and usage records of the appends that pass, and
/// returns the ones that did not.
/// </summary>
public sealed class PostgresLedgerStore(NpgsqlDataSource dataSource) : ILedgerStore, IEventOutbox, ILedgerReader
{
    private readonly PostgresLedgerReader _reader = new(dataSource);

    /// <summary>
    /// Batch statements kept with their 54 parameters between batches: building them afresh was a third of what the store
    /// allocated per debit at a few thousand debits/s (docs/performance.md, "The PostgreSQL store's allocations").
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<NpgsqlCommand> _writeCommands = new();
    private const int PrimaryKeyRetries = 3;

    /// <summary>
    /// The data source the ledger should use: statements are prepared on each connection after
    /// their second use, so the batch statement is planned once per connection, not per batch.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        return builder.Build();
    }

    public async Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken)
    {
        // One statement, so the snapshot and the events after it are read from one consistent view.
        await using var command = dataSource.CreateCommand("""
            WITH snap AS (
                SELECT seq, state FROM wallet_snapshots WHERE tenant_id = $1 AND wallet_id = $2 ORDER BY seq DESC LIMIT 1)
            SELECT 0 AS part, seq, state, NULL::bytea FROM snap
            UNION ALL
            SELECT 1, t.seq, t.event, t.event_compact FROM ledger_transactions t
            WHERE t.tenant_id = $1 AND t.wallet_id = $2 AND t.seq > COALESCE((SELECT seq FROM snap), 0)
            ORDER BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        WalletSnapshot? snapshot = null;
        var events = new List<WalletEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt32(0) == 0) snapshot = LedgerJson.DeserializeSnapshot(reader.GetString(2));
            else events.Add(StoredColumns.Event(reader, 2));
        }
        return new WalletHistory(snapshot, events);
    }

    public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<JournalAppend> batch, CancellationToken cancellationToken)
    {
        // One append per wallet per batch: a second one for the same wallet can only come from a stale writer.
        var conflicts = new HashSet<int>();
        var seen = new HashSet<WalletKey>();
        var accepted = new List<(int Index, JournalAppend Append)>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (seen.Add(batch[i].Wallet)) accepted.Add((i, batch[i]));
            else conflicts.Add(i);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var refused = await WriteOnceAsync(accepted.Select(a => a.Append).ToList(), cancellationToken);
                foreach (var (index, append) in accepted)
                    if (refused.Contains(append.Wallet)) conflicts.Add(index);
                return conflicts;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < PrimaryKeyRetries)
            {
                // Another silo committed the same wallet's next sequence between our check and our insert.
                // Nothing of this batch was written; run it again and the check will name the loser.
            }
        }
    }

    /// <summary>The appends, their idempotency keys and usage records, each written only for a wallet whose sequence follows on.</summary>
    private const string AppendCtes = """
            WITH appends AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS a(tenant_id, wallet_id, first_seq)),
            ok AS (
                SELECT a.tenant_id, a.wallet_id FROM appends a
                WHERE COALESCE((SELECT max(t.seq) FROM ledger_transactions t WHERE t.tenant_id = a.tenant_id AND t.wallet_id = a.wallet_id), 0) = a.first_seq - 1),
            tx AS (
                INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, idempotency_key, customer_id, agent_id, request_id,
                    model, provider, input_tokens, output_tokens, payer, network, transaction_hash, event, postings, end_user, event_compact)
                SELECT r.tenant_id, r.wallet_id, r.seq, r.kind, r.at, r.idempotency_key, r.customer_id, r.agent_id, r.request_id,
                    r.model, r.provider, r.input_tokens, r.output_tokens, r.payer, r.network, r.transaction_hash, r.event,
                    convert_from(r.postings, 'UTF8'), r.end_user, r.event_compact
                FROM unnest($4::text[], $5::text[], $6::bigint[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[],
                    $13::text[], $14::text[], $15::bigint[], $16::bigint[], $17::text[], $18::text[], $19::text[], $20::text[], $21::bytea[], $51::text[], $53::bytea[])
                    AS r(tenant_id, wallet_id, seq, kind, at, idempotency_key, customer_id, agent_id, request_id,
                         model, provider, input_tokens, output_tokens, payer, network, transaction_hash, event, postings, end_user, event_compact)
                JOIN ok USING (tenant_id, wallet_id)
                RETURNING 1),
            ik AS (
                INSERT INTO idempotency_keys (tenant_id, wallet_id, operation, key, fingerprint, seq, receipt, recorded_at, receipt_compact)
                SELECT k.* FROM unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::bigint[], $28::text[], $29::timestamptz[], $54::bytea[])
                    AS k(tenant_id, wallet_id, operation, key, fingerprint, seq, receipt, recorded_at, receipt_compact)
                JOIN ok USING (tenant_id, wallet_id)
                ON CONFLICT (tenant_id, wallet_id, operation, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, seq = excluded.seq, receipt = excluded.receipt, recorded_at = excluded.recorded_at,
                    receipt_compact = excluded.receipt_compact
                RETURNING 1),
            us AS (
                INSERT INTO usage_records (tenant_id, wallet_id, seq, at, customer_id, agent_id, request_id, model, provider,
                    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, audio_tokens, batch, tier,
                    rated_cost_usd, tokens_covered, money_cost_nanos, overage_nanos, end_user)
                SELECT u.* FROM unnest($30::text[], $31::text[], $32::bigint[], $33::timestamptz[], $34::text[], $35::text[], $36::text[], $37::text[], $38::text[],
                    $39::bigint[], $40::bigint[], $41::bigint[], $42::bigint[], $43::bigint[], $44::bigint[], $45::boolean[], $46::text[],
                    $47::numeric[], $48::bigint[], $49::bigint[], $50::bigint[], $52::text[])
                    AS u(tenant_id, wallet_id, seq, at, customer_id, agent_id, request_id, model, provider,
                         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, audio_tokens, batch, tier,
                         rated_cost_usd, tokens_covered, money_cost_nanos, overage_nanos, end_user)
                JOIN ok USING (tenant_id, wallet_id)
                RETURNING 1)
            """;

    /// <summary>What the statement answers: the wallets the fencing check refused.</summary>
    private const string RefusedWallets = """
            SELECT a.tenant_id, a.wallet_id FROM appends a
            WHERE NOT EXISTS (SELECT 1 FROM ok WHERE ok.tenant_id = a.tenant_id AND ok.wallet_id = a.wallet_id)
            """;

    private const string WriteSql = AppendCtes + "\n" + RefusedWallets;

    /// <summary>The same statement, which also writes the batch's announced events to the outbox (migration 0005).</summary>
    private const string WriteWithOutboxSql = AppendCtes + ",\n" + """
            ob AS (
                INSERT INTO event_outbox (tenant_id, wallet_id, seq, idx, event_id, type, at, customer_id, version, payload)
                SELECT o.tenant_id, o.wallet_id, o.seq, o.idx, o.event_id, o.type, o.at, o.customer_id, o.version, o.payload
                FROM unnest($55::text[], $56::text[], $57::bigint[], $58::bigint[], $59::text[], $60::text[], $61::timestamptz[], $62::text[], $63::bigint[], $64::text[])
                    WITH ORDINALITY AS o(tenant_id, wallet_id, seq, idx, event_id, type, at, customer_id, version, payload, n)
                JOIN ok USING (tenant_id, wallet_id)
                ORDER BY o.n
                ON CONFLICT (tenant_id, event_id) DO NOTHING
                RETURNING 1)
            """ + "\n" + RefusedWallets;

    /// <summary>Any constant: the lock that makes outbox positions visible in increasing order (see migration 0005).</summary>
    private const long OutboxLock = 0x5746_4f42_4f58; // "WFOBOX"

    private async Task<HashSet<WalletKey>> WriteOnceAsync(IReadOnlyList<JournalAppend> appends, CancellationToken cancellationToken)
    {
        using var rows = LedgerRows.From(appends);
        if (rows.Outbox.Count == 0)
        {
            var command = _writeCommands.TryTake(out var kept) ? kept : dataSource.CreateCommand(WriteSql);
            HashSet<WalletKey> answer;
            try
            {
                Bind(command.Parameters, appends, rows);
                answer = await RefusedAsync(command, cancellationToken);
            }
            catch
            {
                await command.DisposeAsync();
                throw;
            }
            // Let go of the batch's arrays now: a kept command would otherwise carry them into older generations.
            foreach (NpgsqlParameter parameter in command.Parameters) parameter.Value = null;
            _writeCommands.Add(command);
            return answer;
        }

        // Rare (crossings, expiries, top-ups): one transaction, serialized with every other batch that draws outbox positions.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = OutboxLock });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        HashSet<WalletKey> refused;
        await using (var command = new NpgsqlCommand(WriteWithOutboxSql, connection, transaction))
        {
            var o = rows.Outbox;
            Bind(command.Parameters, appends, rows).Add(o.Select(a => a.TenantId), o.Select(a => a.WalletId), o.Select(a => a.Sequence), o.Select(a => (long)a.Index),
                o.Select(a => a.Id), o.Select(a => a.Type), o.Select(a => a.At.UtcDateTime), o.Select(a => a.CustomerId),
                o.Select(a => (long)a.Version), o.Select(a => a.Payload));
            refused = await RefusedAsync(command, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return refused;
    }

    private static async Task<HashSet<WalletKey>> RefusedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var refused = new HashSet<WalletKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) refused.Add(new WalletKey(reader.GetString(0), reader.GetString(1)));
        return refused;
    }

    /// <summary>Binds the batch's columns in statement order; returns the writer, positioned after them.</summary>
    private static ParameterWriter Bind(NpgsqlParameterCollection parameters, IReadOnlyList<JournalAppend> appends, LedgerRows rows)
    {
        var p = new ParameterWriter(parameters);
        p.Add(appends.Select(a => a.Wallet.TenantId), appends.Select(a => a.Wallet.WalletId), appends.Select(a => a.FirstSequence));

        var t = rows.Transactions;
        p.Add(t.Select(r => r.TenantId), t.Select(r => r.WalletId), t.Select(r => r.Sequence), t.Select(r => r.Kind), t.Select(r => r.At.UtcDateTime),
            t.Select(r => r.IdempotencyKey), t.Select(r => r.Attribution.CustomerId), t.Select(r => r.Attribution.AgentId), t.Select(r => r.Attribution.RequestId),
            t.Select(r => r.Attribution.Model), t.Select(r => r.Attribution.Provider), t.Select(r => r.Attribution.InputTokens), t.Select(r => r.Attribution.OutputTokens),
            t.Select(r => r.Attribution.Payer), t.Select(r => r.Attribution.Network), t.Select(r => r.Attribution.TransactionHash), t.Select(r => Json(r.Event)),
            t.Select(r => (byte[]?)r.PostingsJson.Bytes.ToArray())); // UTF-8 as bytes: a string would be transcoded twice per row

        var k = rows.Keys;
        p.Add(k.Select(r => r.TenantId), k.Select(r => r.WalletId), k.Select(r => r.Operation), k.Select(r => r.Key), k.Select(r => r.Fingerprint),
            k.Select(r => r.Sequence), k.Select(r => Json(r.Receipt)), k.Select(r => r.RecordedAt.UtcDateTime));

        var u = rows.Usage;
        p.Add(u.Select(r => r.TenantId), u.Select(r => r.WalletId), u.Select(r => r.Sequence), u.Select(r => r.At.UtcDateTime), u.Select(r => r.CustomerId),
            u.Select(r => r.AgentId), u.Select(r => r.RequestId), u.Select(r => r.Model), u.Select(r => r.Provider), u.Select(r => r.InputTokens),
            u.Select(r => r.OutputTokens), u.Select(r => r.CacheReadTokens), u.Select(r => r.CacheWriteTokens), u.Select(r => r.ReasoningTokens),
            u.Select(r => r.AudioTokens), u.Select(r => r.Batch), u.Select(r => r.Tier), u.Select(r => r.RatedCostUsd), u.Select(r => r.TokensCovered),
            u.Select(r => r.MoneyCostNanos), u.Select(r => r.OverageNanos));

        // Added by migration 0003, so numbered after everything that was already there.
        p.Add(t.Select(r => r.Attribution.EndUser), u.Select(r => r.EndUser));
        // Added by migration 0008: a value is in exactly one of its two columns.
        p.Add(t.Select(r => Compact(r.Event)), k.Select(r => Compact(r.Receipt)));
        return p;
    }

    private static string? Json(RowValue value) => value.IsCompact ? null : value.ToString();

    private static byte[]? Compact(RowValue value) => value.IsCompact ? value.Bytes.ToArray() : null;

    public async Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken)
    {
        var batch = dataSource.CreateBatch();
        await using var _ = batch;
        var insert = new NpgsqlBatchCommand("INSERT INTO wallet_snapshots (tenant_id, wallet_id, seq, taken_at, state) VALUES ($1, $2, $3, now(), $4) ON CONFLICT DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        insert.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        insert.Parameters.Add(new NpgsqlParameter { Value = snapshot.Sequence });
        insert.Parameters.Add(new NpgsqlParameter { Value = LedgerJson.Serialize(snapshot) });
        // Keep the two latest: recovery needs one, the other covers a snapshot that turns out unreadable.
        var prune = new NpgsqlBatchCommand("""
            DELETE FROM wallet_snapshots WHERE tenant_id = $1 AND wallet_id = $2 AND seq < (
                SELECT seq FROM wallet_snapshots WHERE tenant_id = $1 AND wallet_id = $2 ORDER BY seq DESC OFFSET 1 LIMIT 1)
            """);
        prune.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        prune.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A backward probe of the primary key (tenant, wallet, seq): no event is read or deserialized.</summary>
    public async Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT COALESCE(MAX(seq), 0) FROM ledger_transactions WHERE tenant_id = $1 AND wallet_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT event, event_compact FROM ledger_transactions WHERE tenant_id = $1 AND wallet_id = $2 AND seq > $3 ORDER BY seq LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<LedgerTransaction>();
        while (await reader.ReadAsync(cancellationToken)) page.Add(StoredColumns.Event(reader, 0).ToLedgerTransaction(wallet));
        return page;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT fingerprint, receipt, receipt_compact, recorded_at FROM idempotency_keys WHERE tenant_id = $1 AND wallet_id = $2 AND operation = $3 AND key = $4");
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        command.Parameters.Add(new NpgsqlParameter { Value = operation.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new IdempotencyRecord(operation, key, reader.GetString(0), StoredColumns.Receipt(reader, 1),
            new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero));
    }

    // The operations are listed so the lookup stays on the primary key (tenant, wallet, operation, key): one probe per operation.
    private static readonly string[] CommandOperations = [.. KeyScope.Commands.Select(static o => o.ToString())];

    public async Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        await using var command = dataSource.CreateCommand(
            "SELECT operation, key, fingerprint, receipt, receipt_compact, recorded_at FROM idempotency_keys WHERE tenant_id = $1 AND wallet_id = $2 AND operation = ANY($3) AND key = ANY($4)");
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = wallet.WalletId });
        command.Parameters.Add(new NpgsqlParameter { Value = CommandOperations });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<IdempotencyRecord>();
        while (await reader.ReadAsync(cancellationToken))
            found.Add(new IdempotencyRecord(Enum.Parse<TransactionKind>(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                StoredColumns.Receipt(reader, 3), new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero)));
        return found;
    }

    public async Task<int> PurgeIdempotencyAsync(DateTimeOffset recordedBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE recorded_at < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = recordedBefore.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxRecord>> ReadAsync(string tenantId, long afterPosition, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT position, tenant_id, wallet_id, seq, idx, event_id, type, at, customer_id, version, payload
            FROM event_outbox WHERE tenant_id = $1 AND position > $2 ORDER BY position LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = afterPosition });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<OutboxRecord>();
        while (await reader.ReadAsync(cancellationToken))
            page.Add(new OutboxRecord(reader.GetInt64(0), new Announcement(reader.GetString(5), reader.GetString(6),
                new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(9), reader.GetString(10))));
        return page;
    }

    public async Task AddAsync(Announcement announcement, CancellationToken cancellationToken = default)
    {
        // Under the same lock as the batches that carry events, so this position too becomes visible in order.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = OutboxLock });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand("""
            INSERT INTO event_outbox (tenant_id, wallet_id, seq, idx, event_id, type, at, customer_id, version, payload)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tenant_id, event_id) DO NOTHING
            """, connection, transaction))
        {
            var a = announcement;
            object?[] values = [a.TenantId, a.WalletId, a.Sequence, a.Index, a.Id, a.Type, a.At.UtcDateTime, a.CustomerId, a.Version, a.Payload];
            foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public IAsyncEnumerable<StoredEvent> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds = null, CancellationToken cancellationToken = default) =>
        _reader.ReadTenantAsync(tenantId, from, to, kinds, cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        _reader.ReadWalletAsync(wallet, from, to, cancellationToken);

    /// <summary>Fills a statement's positional parameters in order, reusing those a kept statement already has.</summary>
    private sealed class ParameterWriter(NpgsqlParameterCollection parameters)
    {
        private int _next;

        public void Add(params System.Collections.IEnumerable[] columns)
        {
            foreach (var column in columns) Next(Materialize(column));
        }

        private void Next(object value)
        {
            var parameter = _next < parameters.Count ? parameters[_next] : parameters.Add(new NpgsqlParameter());
            // Named, not inferred: an empty DateTime[] infers 'timestamp', and a statement prepared with it then refuses
            // the next batch's UTC times ('timestamptz').
            if (value is DateTime[]) parameter.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz;
            else if (value is byte[]?[]) parameter.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea;
            parameter.Value = value;
            _next++;
        }
    }

    /// <summary>Npgsql needs real arrays; nullable value columns become arrays of nullables.</summary>
    private static object Materialize(System.Collections.IEnumerable column) => column switch
    {
        IEnumerable<string?> s => s.ToArray(),
        IEnumerable<long?> n => n.ToArray(),
        IEnumerable<long> l => l.ToArray(),
        IEnumerable<bool> b => b.ToArray(),
        IEnumerable<decimal> d => d.ToArray(),
        IEnumerable<DateTime> t => t.ToArray(),
        IEnumerable<byte[]?> bytes => bytes.ToArray(),
        _ => throw new ArgumentException($"Unsupported column type {column.GetType()}"),
    };
}
