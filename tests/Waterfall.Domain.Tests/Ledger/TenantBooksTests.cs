using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

public class TenantBooksTests
{
    [Fact]
    public void A_tenants_interleaved_journal_posts_the_same_lines_as_each_wallet_alone()
    {
        var history = BooksHistory.Run(Billing.BillingMode.Hybrid, Enumerable.Range(0, 60).Select(i => (i % 4) switch
        {
            0 => (BooksHistory.Op)new BooksHistory.GrantOp(i % 3, i % 3, i % 2 == 0, 5_000_000 + i, i % 5 == 0 ? 30 : null, 1),
            1 => new BooksHistory.UsageOp(i % 3, 10_000 + i, 2_000, i % 2),
            2 => new BooksHistory.DebitOp(i % 3, 200_000 + i),
            _ => new BooksHistory.AdvanceOp(17),
        }));
        var expected = history.TenantJournal().SelectMany(t => t).ToList();

        var tenant = new TenantBooks();
        var events = history.Wallets.Zip(history.Journals).SelectMany(w => w.Second.Select(e => (w.First.Key, Event: e)))
            .OrderBy(e => e.Event.At).ThenBy(e => e.Key.WalletId).ThenBy(e => e.Event.Sequence);
        var actual = events.SelectMany(e => tenant.Journal(e.Key, e.Event)).ToList();

        Assert.Equal(expected, actual);
        Assert.Contains(actual, l => l.Account.Type == AccountType.Revenue);
        Assert.Equal(BooksHistory.WalletIds.Length, tenant.Wallets);
    }

    [Fact]
    public void A_period_read_from_the_middle_posts_once_the_earlier_grants_are_learned()
    {
        var history = BooksHistory.Run(Billing.BillingMode.Prepaid,
            [new BooksHistory.GrantOp(0, 2, false, 9_000_000, null, 1), new BooksHistory.AdvanceOp(60), new BooksHistory.DebitOp(0, 1_000_000)]);
        var key = history.Wallets[0].Key;
        var journal = history.Journals[0];
        var debit = journal.Single(e => e is Debited);

        var cold = new TenantBooks();
        Assert.Throws<InvalidOperationException>(() => cold.Journal(key, debit));

        var warmed = new TenantBooks();
        foreach (var e in journal.TakeWhile(e => e != debit)) warmed.Learn(key, e);
        var alone = new WalletBooks(key);
        var expected = journal.Select(alone.Journal).ToList()[journal.IndexOf(debit)];
        Assert.Equal(expected, warmed.Journal(key, debit));
    }
}
