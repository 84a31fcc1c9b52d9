using Npgsql;
using NpgsqlTypes;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Ledger.Rows;

namespace Waterfall.Benchmarks.CopyTrial;

/// <summary>
/// The other way to write a batch that issue 10 names: binary <c>COPY</c>. <c>COPY</c> can neither join a fencing check nor
/// upsert, so the batch becomes one transaction of several round trips: the check (which wallets' sequences follow on),
/// <c>COPY</c> of the accepted wallets' transactions, then the idempotency keys as the shipped statement writes them
/// (an upsert from arrays: a key the window forgot may be written again), then the commit. Another silo committing the
/// same sequence between the check and the copy makes the copy fail on the primary key, and nothing of the batch is
/// written, as with the shipped statement. Debits only (no usage records, no outbox): what the trial measures.
/// </summary>
public sealed class CopyLedgerWriter(NpgsqlDataSource dataSource)
{
    private const string Check = """
        SELECT a.tenant_id, a.wallet_id FROM unnest($1::text[], $2::text[], $3::bigint[]) AS a(tenant_id, wallet_id, first_seq)
        WHERE COALESCE((SELECT max(t.seq) FROM ledger_transactions t WHERE t.tenant_id = a.tenant_id AND t.wallet_id = a.wallet_id), 0) <> a.first_seq - 1
        """;

    private const string CopyTransactions = """
        COPY ledger_transactions (tenant_id, wallet_id, seq, kind, at, idempotency_key, customer_id, agent_id, request_id,
            model, provider, input_tokens, output_tokens, payer, network, transaction_hash, event, postings, end_user, event_compact)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string UpsertKeys = """
        INSERT INTO idempotency_keys (tenant_id, wallet_id, operation, key, fingerprint, seq, receipt, recorded_at, receipt_compact)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::timestamptz[], $9::bytea[])
        ON CONFLICT (tenant_id, wallet_id, operation, key) DO UPDATE SET
            fingerprint = excluded.fingerprint, seq = excluded.seq, receipt = excluded.receipt, recorded_at = excluded.recorded_at,
            receipt_compact = excluded.receipt_compact
        """;

    /// <summary>Writes the batch; answers the indexes of the appends the check refused (nothing of theirs is written).</summary>
    public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<JournalAppend> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var refusedWallets = new HashSet<WalletKey>();
        await using (var check = new NpgsqlCommand(Check, connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.Wallet.TenantId).ToArray() });
            check.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.Wallet.WalletId).ToArray() });
            check.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.FirstSequence).ToArray() });
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) refusedWallets.Add(new WalletKey(reader.GetString(0), reader.GetString(1)));
        }

        var refused = new HashSet<int>();
        var accepted = new List<JournalAppend>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
            if (refusedWallets.Contains(batch[i].Wallet)) refused.Add(i);
            else accepted.Add(batch[i]);

        using var rows = LedgerRows.From(accepted);
        await using (var copy = await connection.BeginBinaryImportAsync(CopyTransactions, cancellationToken))
        {
            foreach (var r in rows.Transactions)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(r.TenantId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.WalletId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.Kind, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.At.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await Text(copy, r.IdempotencyKey, cancellationToken);
                var a = r.Attribution;
                await Text(copy, a.CustomerId, cancellationToken);
                await Text(copy, a.AgentId, cancellationToken);
                await Text(copy, a.RequestId, cancellationToken);
                await Text(copy, a.Model, cancellationToken);
                await Text(copy, a.Provider, cancellationToken);
                await Number(copy, a.InputTokens, cancellationToken);
                await Number(copy, a.OutputTokens, cancellationToken);
                await Text(copy, a.Payer, cancellationToken);
                await Text(copy, a.Network, cancellationToken);
                await Text(copy, a.TransactionHash, cancellationToken);
                if (r.Event.IsCompact) await copy.WriteNullAsync(cancellationToken);
                else await copy.WriteAsync(r.Event.ToString(), NpgsqlDbType.Text, cancellationToken);
                // A text field's binary form is its UTF-8 bytes, so the postings go as they are, as the shipped statement's bytea.
                await copy.WriteAsync(r.PostingsJson.Bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken);
                await Text(copy, a.EndUser, cancellationToken);
                if (r.Event.IsCompact) await copy.WriteAsync(r.Event.Bytes.ToArray(), NpgsqlDbType.Bytea, cancellationToken);
                else await copy.WriteNullAsync(cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        var k = rows.Keys;
        if (k.Count > 0)
        {
            await using var keys = new NpgsqlCommand(UpsertKeys, connection, transaction);
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.TenantId).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.WalletId).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.Operation).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.Key).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.Fingerprint).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.Sequence).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.Receipt.IsCompact ? null : r.Receipt.ToString()).ToArray() });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.RecordedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            keys.Parameters.Add(new NpgsqlParameter { Value = k.Select(r => r.Receipt.IsCompact ? r.Receipt.Bytes.ToArray() : null).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await keys.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return refused;
    }

    private static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task Number(NpgsqlBinaryImporter copy, long? value, CancellationToken cancellationToken) =>
        value is { } n ? copy.WriteAsync(n, NpgsqlDbType.Bigint, cancellationToken) : copy.WriteNullAsync(cancellationToken);
}
