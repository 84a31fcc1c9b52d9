using System.Runtime.CompilerServices;
using Npgsql;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Storage.Postgres;

/// <summary>
/// Finance's reads of the PostgreSQL ledger. A period read walks the index by tenant and time
/// (migration 0004, wallets in "C" collation so the order is ordinal on every database) and Npgsql
/// hands over rows as they arrive: nothing is gathered.
/// </summary>
public sealed class PostgresLedgerReader(NpgsqlDataSource dataSource) : ILedgerReader
{
    public IAsyncEnumerable<StoredEvent> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds = null, CancellationToken cancellationToken = default) =>
        ReadAsync(tenantId, null, from, to, kinds, cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        ReadAsync(wallet.TenantId, wallet.WalletId, from, to, null, cancellationToken);

    private async IAsyncEnumerable<StoredEvent> ReadAsync(string tenantId, string? walletId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(walletId is null
            ? """SELECT wallet_id, event, event_compact FROM ledger_transactions WHERE tenant_id = $1 AND at >= $2 AND at < $3 AND ($4::text[] IS NULL OR kind = ANY($4)) ORDER BY at, wallet_id COLLATE "C", seq"""
            : "SELECT wallet_id, event, event_compact FROM ledger_transactions WHERE tenant_id = $1 AND wallet_id = $4 AND at >= $2 AND at < $3 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        if (walletId is not null) command.Parameters.Add(new NpgsqlParameter { Value = walletId });
        else command.Parameters.Add(new NpgsqlParameter { Value = kinds is { Count: > 0 } ? kinds.Select(k => k.ToString()).ToArray() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredEvent(new WalletKey(tenantId, reader.GetString(0)), StoredColumns.Event(reader, 1));
        }
    }
}
