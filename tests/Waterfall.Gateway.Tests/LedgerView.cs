using Waterfall.Api.V1;
using LlmUsage = Waterfall.Domain.Pricing.Rating.LlmUsage;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Gateway.Tests;

/// <summary>What tests read back from a wallet's ledger: the captures the gateway made, and what each took.</summary>
public static class LedgerView
{
    public static readonly UsageRater Catalog = new(PriceCatalog.Default);

    public static List<LedgerTransaction> Captures(this IEnumerable<LedgerTransaction> ledger) =>
        ledger.Where(t => t.Kind == "HoldCaptured").ToList();

    /// <summary>USD a transaction moved into revenue: what the wallet was charged in money.</summary>
    public static long MoneyCharged(this LedgerTransaction transaction) =>
        -transaction.Postings.Where(p => p.Account == "revenue" && p.Amount.Unit == "usd").Sum(p => p.Amount.Value);

    /// <summary>The catalog price of a usage, rounded once to the nano-dollar.</summary>
    public static long Price(LlmUsage usage) => Catalog.Rate(usage).Rated!.CostNanos;

    public static long UsdTotal(this Wallet wallet) => wallet.Balances.Where(b => b.Unit == "usd").Sum(b => b.Total);
}
