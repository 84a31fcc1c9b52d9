using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>January's KPIs for the scripted month of <see cref="ScriptedMonthTests"/>, computed by hand.</summary>
public class ScriptedMonthKpiTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static FinanceKpiReport January()
    {
        var books = new WalletBooks(new WalletKey("acme", "w1"));
        var kpis = new FinanceKpis(Jan, Jan.AddMonths(1));
        foreach (var e in ScriptedMonthTests.Month()) kpis.Add(books.Journal(e));
        return kpis.Report();
    }

    [Fact]
    public void January_recognizes_only_purchased_credit_and_keeps_the_rest_deferred()
    {
        var report = January();
        Assert.Equal(845_000_000, report.RecognizedRevenue); // $0.50 + $0.045 + $0.30
        Assert.Equal(0, report.Breakage);
        Assert.Equal(0, report.OverageAccrued);
        Assert.Equal([new KindAmount(GrantKind.Purchased, CreditUnit.Usd, 9_155_000_000)], report.DeferredRevenue);
        Assert.Equal([Amount.Tokens(7_000)], report.PromotionalUsage);
        Assert.Equal([Amount.Tokens(3_000)], report.UnusedPromotion);
    }

    [Fact]
    public void January_shows_utilization_and_the_waterfall_by_grant_kind()
    {
        var report = January();
        Assert.Equal(
            [new Utilization(GrantKind.Promotional, CreditUnit.Tokens, 10_000, 7_000), new Utilization(GrantKind.Purchased, CreditUnit.Usd, 10_000_000_000, 845_000_000)],
            report.Utilization);
        Assert.Equal(0.7m, report.Utilization[0].Ratio);
        Assert.Equal(
            [new KindAmount(GrantKind.Promotional, CreditUnit.Tokens, 7_000), new KindAmount(GrantKind.Purchased, CreditUnit.Usd, 845_000_000)],
            report.Waterfall);
        Assert.Equal(new OpenHolds(0, []), report.OpenHolds with { Reserved = [] });
        Assert.Empty(report.OpenHolds.Reserved);
    }

    [Fact]
    public void January_ranks_models_by_spend_and_gives_the_wallets_runway()
    {
        var report = January();
        Assert.Equal([new Spender("gpt-image-1", 500_000_000), new Spender("gpt-4o", 345_000_000)], report.TopModels);
        Assert.Equal([new Spender("w1", 845_000_000)], report.TopWallets);
        var runway = Assert.Single(report.Runway);
        Assert.Equal(9_155_000_000, runway.Balance);
        // $0.845 burned over the trailing 30 days: $9.155 lasts 9.155 / (0.845 / 30) = 325.03 days.
        Assert.Equal(325.03m, runway.Days);
    }
}
