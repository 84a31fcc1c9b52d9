using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// The ledger's read side for finance: a tenant's transactions of a period, across all its wallets,
/// and one wallet's for a statement. Rows are streamed as they are read, never gathered, so a period
/// of millions of transactions costs the memory of one.
/// </summary>
public interface ILedgerReader
{
    /// <summary>
    /// The tenant's transactions with <c>from &lt;= at &lt; to</c>, ordered by time, then wallet (ordinal), then sequence:
    /// a total order, so two reads of a closed period list the same lines in the same order.
    /// </summary>
    IAsyncEnumerable<LedgerTransaction> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>One wallet's transactions with <c>from &lt;= at &lt; to</c>, in sequence order.</summary>
    IAsyncEnumerable<LedgerTransaction> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
