using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains.Tests;

/// <summary>The ledger invariants every grain test ends with.</summary>
internal static class LedgerChecks
{
    public static async Task AssertLedgerIsSound(IWalletJournal journal, string tenant, string walletId, long expectedUsdBalance)
    {
        var key = new WalletKey(tenant, walletId);
        var history = await journal.LoadAsync(key);
        var transactions = history.Events.Select(e => e.ToLedgerTransaction(key)).ToList();

        Assert.Equal(Enumerable.Range(1, transactions.Count).Select(i => (long)i), transactions.Select(t => t.Sequence));
        Assert.All(transactions, t => Assert.True(t.IsBalanced, $"transaction {t.Sequence} does not balance"));
        var liability = -transactions.SelectMany(t => t.Postings).Where(p => p.Account.IsWallet && p.Unit == CreditUnit.Usd).Sum(p => p.Amount);
        Assert.Equal(expectedUsdBalance, liability);

        // Replaying the journal gives the same balance: what was acknowledged is what is durable.
        var wallet = new Wallet(key);
        foreach (var e in history.Events) wallet.Apply(e);
        Assert.Equal(expectedUsdBalance, wallet.TotalRemaining(CreditUnit.Usd));
    }
}
