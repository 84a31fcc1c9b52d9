using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Silo.Tests;

/// <summary>
/// The audit after load through failures, read straight from the journal: every acknowledged debit is
/// there exactly once, at the sequence it was acknowledged with; no debit nobody was told about; each
/// wallet's ledger gap-free and balanced; the balance rebuilt from the journal is what was funded minus
/// what was debited, never below zero.
/// </summary>
internal static class LedgerAudit
{
    /// <param name="accepted">Every acknowledged debit: idempotency key → wallet and sequence.</param>
    /// <param name="funded">What each wallet was granted, in nano-dollars.</param>
    /// <param name="price">What each debit charged, in nano-dollars.</param>
    public static async Task AssertEveryAcknowledgedDebitOnceAsync(IWalletJournal journal, string tenant, IEnumerable<string> wallets,
        IReadOnlyDictionary<string, (string Wallet, long Sequence)> accepted, long funded, long price)
    {
        foreach (var wallet in wallets)
        {
            var key = new WalletKey(tenant, wallet);
            var history = await journal.LoadAsync(key);
            var events = await ReadAllAsync(journal, key);
            var debits = events.Where(t => t.Kind == TransactionKind.Debited).ToList();

            // Exactly once: no idempotency key twice; every acknowledged debit present at the sequence it was acknowledged with.
            Assert.Equal(debits.Count, debits.Select(d => d.IdempotencyKey).Distinct().Count());
            var acknowledged = accepted.Where(a => a.Value.Wallet == wallet).ToDictionary(a => a.Key, a => a.Value.Sequence);
            Assert.Equal(acknowledged.Keys.Order(), debits.Select(d => d.IdempotencyKey!).Order());
            foreach (var debit in debits) Assert.Equal(acknowledged[debit.IdempotencyKey!], debit.Sequence);

            // Gap-free, balanced, and never overdrawn.
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(t => t.Sequence));
            Assert.All(events, t => Assert.True(t.IsBalanced));
            var rebuilt = history.Restore(key);
            Assert.Equal(funded - debits.Count * price, rebuilt.TotalRemaining(CreditUnit.Usd));
            Assert.True(rebuilt.TotalRemaining(CreditUnit.Usd) >= 0);
            Assert.Equal(0, rebuilt.AccruedOverage);
        }
    }

    private static async Task<List<LedgerTransaction>> ReadAllAsync(IWalletJournal journal, WalletKey key)
    {
        var all = new List<LedgerTransaction>();
        while (true)
        {
            var page = await journal.ReadLedgerAsync(key, all.Count == 0 ? 0 : all[^1].Sequence, 1_000);
            if (page.Count == 0) return all;
            all.AddRange(page);
        }
    }
}
