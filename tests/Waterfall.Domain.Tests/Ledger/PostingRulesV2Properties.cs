using CsCheck;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>The v2 posting rules over random histories, and against the v1 postings the stored journal was written with.</summary>
public class PostingRulesV2Properties
{
    private static readonly CreditUnit[] Units = [CreditUnit.Usd, CreditUnit.Tokens];

    [Fact]
    public void Every_v2_transaction_balances_per_unit_and_posts_each_unit_only_where_the_chart_allows_it()
    {
        BooksHistory.Histories.Sample(h =>
        {
            var history = BooksHistory.Run(h.Mode, h.Ops);
            foreach (var (wallet, journal) in history.Wallets.Zip(history.Journals))
                foreach (var t in WalletBooks.Post(wallet.Key, journal))
                {
                    Assert.True(t.IsBalanced, $"{wallet.Key} #{t.Sequence} ({t.Kind}) does not balance: {string.Join(", ", t.Imbalances())}");
                    Assert.All(t.Postings, p => Assert.True(p.Account.Definition.Allows(p.Unit), $"{p.Account.Code} in {p.Unit}"));
                }
        }, iter: 300);
    }

    [Fact]
    public void V1_entries_read_under_the_v2_chart_give_the_same_wallet_cash_and_receivable_balances()
    {
        BooksHistory.Histories.Sample(h =>
        {
            var history = BooksHistory.Run(h.Mode, h.Ops);
            foreach (var (wallet, journal) in history.Wallets.Zip(history.Journals))
            {
                var v1 = journal.SelectMany(e => e.Postings(wallet.Key.WalletId)).ToList();
                var v2 = WalletBooks.Post(wallet.Key, journal).SelectMany(t => t.Postings).ToList();
                foreach (var unit in Units)
                {
                    long Face(IEnumerable<Posting> postings) => -postings.Where(p => p.Account.IsWallet && p.Unit == unit).Sum(p => p.Amount);
                    Assert.Equal(Face(v1), Face(v2));
                    Assert.Equal(wallet.TotalRemaining(unit), Face(v2));
                }
                foreach (var account in new[] { LedgerAccount.SettlementPending, LedgerAccount.Receivable })
                    Assert.Equal(Balance(v1, account, CreditUnit.Usd), Balance(v2, account, CreditUnit.Usd));
                // v1 put every burn of USD credit, and all overage, into revenue: v2 splits the same total three ways.
                Assert.Equal(Balance(v1, LedgerAccount.Revenue, CreditUnit.Usd),
                    Balance(v2, LedgerAccount.Revenue, CreditUnit.Usd) - UnitValueRecognized(v2, LedgerAccount.Revenue)
                    + Balance(v2, LedgerAccount.OverageRevenue, CreditUnit.Usd) + Balance(v2, LedgerAccount.PromotionalUsage, CreditUnit.Usd));
            }
        }, iter: 300);
    }

    [Fact]
    public void Promotional_usage_never_reaches_revenue_or_breakage()
    {
        BooksHistory.Histories.Sample(h =>
        {
            var lines = BooksHistory.Run(h.Mode, h.Ops).TenantJournal().SelectMany(t => t).ToList();
            Assert.All(lines.Where(l => l.Account.Class == AccountClass.Revenue && l.Grant is not null),
                l => Assert.True(l.GrantKind != Grants.GrantKind.Promotional, $"{l.TransactionId} posts promotional credit to {l.AccountCode}"));
            Assert.All(lines.Where(l => l.GrantKind == Grants.GrantKind.Promotional),
                l => Assert.Equal(AccountClass.Memo, l.AccountClass));
        }, iter: 300);
    }

    private static long Balance(IEnumerable<Posting> postings, LedgerAccount account, CreditUnit unit) =>
        postings.Where(p => p.Account == account && p.Unit == unit).Sum(p => p.Amount);

    /// <summary>What reached an account from deferred unit value (the USD side of paid unit credit).</summary>
    private static long UnitValueRecognized(IReadOnlyList<Posting> postings, LedgerAccount account)
    {
        var total = 0L;
        for (var i = 0; i + 1 < postings.Count; i++)
            if (postings[i].Account.Type == AccountType.WalletUnitValue && postings[i + 1].Account == account)
                total += postings[i + 1].Amount;
        return total;
    }
}
