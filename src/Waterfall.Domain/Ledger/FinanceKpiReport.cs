using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// Finance's figures for the period [<see cref="From"/>, <see cref="To"/>) and, for balances, at <see cref="To"/>.
/// USD figures are nano-dollars; unit figures are counts in their unit.
/// </summary>
/// <param name="DeferredRevenue">Paid credit outstanding at the end (deferred revenue, USD), by grant kind.</param>
/// <param name="RecognizedRevenue">Paid credit used in the period (USD; unit grants at cost basis).</param>
/// <param name="Breakage">Paid credit expired in the period (USD).</param>
/// <param name="OverageAccrued">Usage beyond the grants, accrued to invoices in the period (USD).</param>
/// <param name="PromotionalUsage">Given-away credit used in the period, at face value, per unit.</param>
/// <param name="UnusedPromotion">Given-away credit expired in the period, per unit.</param>
/// <param name="Utilization">Per grant kind and unit: granted and burned in the period.</param>
/// <param name="Waterfall">Per grant kind and unit: how much of the period's usage it covered (overage is <see cref="OverageAccrued"/>).</param>
/// <param name="OpenHolds">Holds open at the end, and the credit they reserve per unit.</param>
/// <param name="TopWallets">Wallets by USD spent in the period (revenue, overage and promotional usage in USD), highest first.</param>
/// <param name="TopModels">Models by USD spent in the period, highest first.</param>
/// <param name="Runway">Per wallet with USD credit: days until it is empty at the trailing burn rate (null when it burned nothing).</param>
public sealed record FinanceKpiReport(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<KindAmount> DeferredRevenue,
    long RecognizedRevenue,
    long Breakage,
    long OverageAccrued,
    IReadOnlyList<Amount> PromotionalUsage,
    IReadOnlyList<Amount> UnusedPromotion,
    IReadOnlyList<Utilization> Utilization,
    IReadOnlyList<KindAmount> Waterfall,
    OpenHolds OpenHolds,
    IReadOnlyList<Spender> TopWallets,
    IReadOnlyList<Spender> TopModels,
    IReadOnlyList<WalletRunway> Runway)
{
    public long DeferredRevenueTotal => DeferredRevenue.Sum(d => d.Amount);
}

/// <summary>An amount of one grant kind in one unit.</summary>
public sealed record KindAmount(GrantKind Kind, CreditUnit Unit, long Amount);

/// <summary>Burned ÷ granted for one grant kind and unit over the period (null when nothing was granted).</summary>
public sealed record Utilization(GrantKind Kind, CreditUnit Unit, long Granted, long Burned)
{
    public decimal? Ratio => Granted == 0 ? null : (decimal)Burned / Granted;
}

public sealed record OpenHolds(int Count, IReadOnlyList<Amount> Reserved);

/// <summary>A wallet or a model and what it spent in USD (nano-dollars).</summary>
public sealed record Spender(string Name, long Spent);

/// <summary>
/// A wallet's USD credit at the end, what it burned per day over the trailing window, and the days
/// that credit lasts at that rate.
/// </summary>
public sealed record WalletRunway(string WalletId, long Balance, decimal BurnPerDay)
{
    public decimal? Days => BurnPerDay == 0 ? null : decimal.Round(Balance / BurnPerDay, 2, MidpointRounding.AwayFromZero);
}
