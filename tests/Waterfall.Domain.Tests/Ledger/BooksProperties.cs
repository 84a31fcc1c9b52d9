using CsCheck;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>Trial balances and KPIs over random tenant histories, cut into random periods.</summary>
public class BooksProperties
{
    private static readonly Gen<((Billing.BillingMode Mode, BooksHistory.Op[] Ops) History, int[] Cuts)> Scenario =
        Gen.Select(BooksHistory.Histories, Gen.Int[1, 60 * 24 * 3].Array[0, 4], (h, c) => (h, c));

    [Fact]
    public void The_trial_balance_of_every_period_sums_to_zero_per_unit_and_the_periods_add_up_to_the_whole()
    {
        Scenario.Sample(s =>
        {
            var journal = BooksHistory.Run(s.History.Mode, s.History.Ops).TenantJournal().ToList();
            var end = BooksHistory.Start.AddYears(1);
            var bounds = s.Cuts.Select(m => BooksHistory.Start.AddMinutes(m)).Append(BooksHistory.Start).Append(end).Distinct().Order().ToList();
            var periods = bounds.Zip(bounds.Skip(1), (from, to) => new TrialBalance(from, to)).ToList();
            var whole = new TrialBalance(BooksHistory.Start, end);
            foreach (var transaction in journal)
            {
                whole.Add(transaction);
                foreach (var period in periods) period.Add(transaction);
            }

            Assert.All(periods.Append(whole), p => Assert.True(p.IsBalanced, $"{p.From:u}..{p.To:u} does not sum to zero"));
            var wholeRows = whole.Rows().ToDictionary(r => (r.Account, r.Unit));
            foreach (var (key, row) in wholeRows)
            {
                Assert.Equal(row.Debits, periods.Sum(p => p.Rows().Where(r => (r.Account, r.Unit) == key).Sum(r => r.Debits)));
                Assert.Equal(row.Credits, periods.Sum(p => p.Rows().Where(r => (r.Account, r.Unit) == key).Sum(r => r.Credits)));
                Assert.Equal(row.Closing, periods[^1].Rows().Single(r => (r.Account, r.Unit) == key).Closing);
            }
            // Each period opens where the one before it closed.
            foreach (var (before, after) in periods.Zip(periods.Skip(1)))
                foreach (var row in before.Rows())
                    Assert.Equal(row.Closing, after.Rows().Single(r => (r.Account, r.Unit) == (row.Account, row.Unit)).Opening);
            Assert.Equal(journal.Count, periods.Sum(p => p.TransactionsInPeriod));
        }, iter: 200);
    }

    [Fact]
    public void Deferred_revenue_outstanding_is_the_paid_grants_remainders_at_their_cost_basis()
    {
        BooksHistory.Histories.Sample(h =>
        {
            var history = BooksHistory.Run(h.Mode, h.Ops);
            var kpis = new FinanceKpis(BooksHistory.Start, history.Now.AddSeconds(1));
            foreach (var transaction in history.TenantJournal()) kpis.Add(transaction);
            var report = kpis.Report();

            var expected = history.Wallets.SelectMany(w => w.Grants)
                .Select(g => (Grant: BookedGrant.From(g.Id, g.Terms), g.Remaining))
                .Where(g => g.Grant.IsPaid)
                .GroupBy(g => g.Grant.Kind)
                .Select(g => (Kind: g.Key, Amount: g.Sum(x => x.Grant.Unit.IsMoney ? x.Remaining : x.Grant.ValueOf(x.Remaining))))
                .Where(g => g.Amount != 0)
                .OrderBy(g => g.Kind.Code, StringComparer.Ordinal);
            Assert.Equal(expected, report.DeferredRevenue.Select(d => (d.Kind, d.Amount)));
        }, iter: 300);
    }

    [Fact]
    public void Kpis_agree_with_the_trial_balance_of_the_same_period()
    {
        Scenario.Sample(s =>
        {
            var history = BooksHistory.Run(s.History.Mode, s.History.Ops);
            var from = BooksHistory.Start.AddMinutes(s.Cuts.DefaultIfEmpty(0).Min());
            var to = history.Now.AddSeconds(1);
            var kpis = new FinanceKpis(from, to);
            var trial = new TrialBalance(from, to);
            foreach (var transaction in history.TenantJournal())
            {
                kpis.Add(transaction);
                trial.Add(transaction);
            }
            var report = kpis.Report();
            long Moved(LedgerAccount account, CreditUnit unit) => trial.Rows().Where(r => r.Account == account && r.Unit == unit).Sum(r => r.Credits - r.Debits);

            Assert.Equal(Moved(LedgerAccount.Revenue, CreditUnit.Usd), report.RecognizedRevenue);
            Assert.Equal(Moved(LedgerAccount.Breakage, CreditUnit.Usd), report.Breakage);
            Assert.Equal(Moved(LedgerAccount.OverageRevenue, CreditUnit.Usd), report.OverageAccrued);
            foreach (var unit in new[] { CreditUnit.Usd, CreditUnit.Tokens })
            {
                Assert.Equal(Moved(LedgerAccount.PromotionalUsage, unit), report.PromotionalUsage.Where(a => a.Unit == unit).Sum(a => a.Value));
                // The waterfall breakdown is the period's usage, kind by kind: together, what left the wallets' accounts to use.
                var used = Moved(LedgerAccount.PromotionalUsage, unit) + (unit.IsMoney ? Moved(LedgerAccount.Revenue, unit) - UnitValueUsed(history, from, to) : Moved(LedgerAccount.UnitsUsed, unit));
                Assert.Equal(used, report.Waterfall.Where(w => w.Unit == unit).Sum(w => w.Amount));
            }
            Assert.Equal(history.Wallets.Sum(w => w.Holds.Count(h => h.Reserved.Draws.Any(d => d.Amount > 0))), report.OpenHolds.Count);
            foreach (var unit in new[] { CreditUnit.Usd, CreditUnit.Tokens })
                Assert.Equal(history.Wallets.SelectMany(w => w.Holds).SelectMany(h => h.Reserved.Draws).Where(d => d.Unit == unit).Sum(d => d.Amount),
                    report.OpenHolds.Reserved.Where(a => a.Unit == unit).Sum(a => a.Value));
            Assert.All(report.Waterfall, w => Assert.True(w.Amount > 0));
            // Spend is the USD value of usage: revenue (unit grants at cost basis), overage, and promotional usage in USD.
            Assert.Equal(report.RecognizedRevenue + report.OverageAccrued + report.PromotionalUsage.Where(a => a.Unit.IsMoney).Sum(a => a.Value),
                report.TopWallets.Sum(t => t.Spent));
        }, iter: 200);
    }

    /// <summary>Revenue that came from paid unit grants (their USD value), in the period.</summary>
    private static long UnitValueUsed(BooksHistory history, DateTimeOffset from, DateTimeOffset to) =>
        history.TenantJournal().Where(t => t[0].At >= from && t[0].At < to)
            .SelectMany(t => t).Where(l => l.Account.Type == AccountType.WalletUnitValue && l.Kind is Domain.Ledger.TransactionKind.Debited or Domain.Ledger.TransactionKind.HoldCaptured)
            .Sum(l => l.Debit);

    [Fact]
    public void Utilization_is_burned_over_granted_by_kind()
    {
        var u = new Utilization(GrantKind.Promotional, CreditUnit.Tokens, 10_000, 2_500);
        Assert.Equal(0.25m, u.Ratio);
        Assert.Null(new Utilization(GrantKind.Bonus, CreditUnit.Usd, 0, 10).Ratio);
    }
}
