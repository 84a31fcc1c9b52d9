using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// Posts a tenant's journal under v2 as it streams past, wallet by wallet interleaved (e.g. in time
/// order): one <see cref="WalletBooks"/> per wallet seen. A period export that starts after some
/// grants were made teaches it those grants first (<see cref="Learn(WalletKey, WalletEvent)"/> with
/// the wallet's earlier <see cref="CreditsGranted"/> events, or a snapshot). Memory: one small record
/// per grant of every wallet seen, never per transaction.
/// </summary>
public sealed class TenantBooks
{
    private readonly Dictionary<WalletKey, WalletBooks> _wallets = [];

    public int Wallets => _wallets.Count;

    /// <summary>The event as journal lines (v2).</summary>
    public IReadOnlyList<JournalLine> Journal(WalletKey wallet, WalletEvent e) => Books(wallet).Journal(e);

    /// <summary>The event as a v2 ledger transaction.</summary>
    public LedgerTransaction Post(WalletKey wallet, WalletEvent e) => Books(wallet).Post(e);

    /// <summary>Learns the grant an earlier event made, without posting it.</summary>
    public void Learn(WalletKey wallet, WalletEvent e)
    {
        if (e is CreditsGranted or GrantRolledOver or Refilled) Grants(wallet).Observe(e);
    }

    /// <summary>Learns every grant a snapshot holds.</summary>
    public void Learn(WalletKey wallet, WalletSnapshot snapshot)
    {
        var grants = Grants(wallet);
        foreach (var grant in snapshot.Grants) grants.Add(grant.Id, grant.Terms);
    }

    private GrantDirectory Grants(WalletKey wallet) => (GrantDirectory)Books(wallet).Grants;

    private WalletBooks Books(WalletKey wallet)
    {
        if (!_wallets.TryGetValue(wallet, out var books)) _wallets[wallet] = books = new WalletBooks(wallet);
        return books;
    }
}
