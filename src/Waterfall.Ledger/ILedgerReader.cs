using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// The ledger's read side for finance: a tenant's journal of a period, across all its wallets, and one
/// wallet's for a statement. Rows are streamed as they are read, never gathered, so a period of
/// millions of transactions costs the memory of one. What is read is the stored event: how it posts is
/// the domain's posting rules' business, not the store's.
/// </summary>
public interface ILedgerReader
{
    /// <summary>
    /// The tenant's events with <c>from &lt;= at &lt; to</c> (only those of <paramref name="kinds"/> when given),
    /// ordered by time, then wallet (ordinal), then sequence: a total order, so two reads of a closed period
    /// list the same events in the same order.
    /// </summary>
    IAsyncEnumerable<StoredEvent> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds = null, CancellationToken cancellationToken = default);

    /// <summary>One wallet's events with <c>from &lt;= at &lt; to</c>, in sequence order.</summary>
    IAsyncEnumerable<StoredEvent> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

/// <summary>An event of a wallet's journal, as stored.</summary>
public readonly record struct StoredEvent(WalletKey Wallet, WalletEvent Event)
{
    /// <summary>The event as a ledger transaction under the postings it carries today.</summary>
    public LedgerTransaction ToLedgerTransaction() => Event.ToLedgerTransaction(Wallet);
}
