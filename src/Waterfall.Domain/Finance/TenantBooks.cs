using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Finance;

/// <summary>
/// Posts a tenant's stored events as ledger transactions under the current posting rules (the books'
/// <see cref="WalletBooks"/>, one per wallet), in the order a period read hands them over: the one place
/// finance decides which rules its reports use. A wallet's events arrive in sequence order; the grants a
/// period's burns draw on may be older than the period, so they are <see cref="Learn"/>ed first.
/// Memory: one record per grant of the wallets seen, never per transaction.
/// </summary>
public sealed class TenantBooks
{
    private readonly Dictionary<WalletKey, (GrantDirectory Grants, WalletBooks Books)> _wallets = [];

    /// <summary>Learns the grant an event made (a <see cref="CreditsGranted"/> from before the period), without posting it.</summary>
    public void Learn(WalletKey wallet, WalletEvent @event) => Of(wallet).Grants.Observe(@event);

    public LedgerTransaction Post(WalletKey wallet, WalletEvent @event) => Of(wallet).Books.Post(@event);

    private (GrantDirectory Grants, WalletBooks Books) Of(WalletKey wallet)
    {
        if (_wallets.TryGetValue(wallet, out var books)) return books;
        var grants = new GrantDirectory();
        return _wallets[wallet] = (grants, new WalletBooks(wallet, grants));
    }
}
