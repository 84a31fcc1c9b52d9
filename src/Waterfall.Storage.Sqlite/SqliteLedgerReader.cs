using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Finance's reads of the SQLite ledger, each on a connection of its own (the write-ahead log lets them
/// run beside the writer). A period read walks the index by tenant and time (migration 0004) and
/// yields one transaction per row it steps over: nothing is gathered.
/// </summary>
/// <remarks>Only reads, and never creates or migrates the file, so a command can read while a silo runs on it. (Not
/// <c>Mode=ReadOnly</c>: a read-only connection cannot open a write-ahead-log database whose shared-memory file is gone.)</remarks>
public sealed class SqliteLedgerReader(string path) : ILedgerReader
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30,
    }.ToString();

    public IAsyncEnumerable<StoredEvent> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds = null, CancellationToken cancellationToken = default) =>
        ReadAsync(tenantId, null, from, to, kinds, cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        ReadAsync(wallet.TenantId, wallet.WalletId, from, to, null, cancellationToken);

    private async IAsyncEnumerable<StoredEvent> ReadAsync(string tenantId, string? walletId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Kinds are enum names, so they can be written into the statement; the index still serves the range and order.
        var kindFilter = kinds is { Count: > 0 } ? $" AND kind IN ({string.Join(", ", kinds.Select(k => $"'{k}'"))})" : "";
        command.CommandText = walletId is null
            ? $"SELECT wallet_id, event FROM ledger_transactions WHERE tenant_id = $t AND at >= $from AND at < $to{kindFilter} ORDER BY at, wallet_id, seq"
            : "SELECT wallet_id, event FROM ledger_transactions WHERE tenant_id = $t AND wallet_id = $w AND at >= $from AND at < $to ORDER BY seq";
        command.Parameters.AddWithValue("$t", tenantId);
        if (walletId is not null) command.Parameters.AddWithValue("$w", walletId);
        command.Parameters.AddWithValue("$from", SqliteLedgerStore.Iso(from));
        command.Parameters.AddWithValue("$to", SqliteLedgerStore.Iso(to));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredEvent(new WalletKey(tenantId, reader.GetString(0)), StoredColumn.Event(reader, 1));
        }
    }
}
