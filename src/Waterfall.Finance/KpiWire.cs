using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Waterfall.Domain.Ledger;
using V1 = Waterfall.Api.V1;

namespace Waterfall.Finance;

/// <summary>The KPI report on the wire: the gRPC message, and the HTTP JSON document with the same member names.</summary>
public static class KpiWire
{
    public static V1.FinanceKpis ToMessage(FinanceKpiReport r)
    {
        var m = new V1.FinanceKpis
        {
            From = Timestamp.FromDateTimeOffset(r.From), To = Timestamp.FromDateTimeOffset(r.To),
            DeferredRevenueTotal = r.DeferredRevenueTotal, RecognizedRevenue = r.RecognizedRevenue, Breakage = r.Breakage,
            OverageAccrued = r.OverageAccrued, OpenHolds = r.OpenHolds.Count,
        };
        m.DeferredRevenue.AddRange(r.DeferredRevenue.Select(Kind));
        m.PromotionalUsage.AddRange(r.PromotionalUsage.Select(a => new V1.Amount { Value = a.Value, Unit = a.Unit.Code }));
        m.UnusedPromotion.AddRange(r.UnusedPromotion.Select(a => new V1.Amount { Value = a.Value, Unit = a.Unit.Code }));
        m.Utilization.AddRange(r.Utilization.Select(u => new V1.GrantUtilization
        {
            GrantKind = u.Kind.Code, Unit = u.Unit.Code, Granted = u.Granted, Burned = u.Burned, Ratio = Text(u.Ratio),
        }));
        m.Waterfall.AddRange(r.Waterfall.Select(Kind));
        m.Held.AddRange(r.OpenHolds.Reserved.Select(a => new V1.Amount { Value = a.Value, Unit = a.Unit.Code }));
        m.TopWallets.AddRange(r.TopWallets.Select(s => new V1.Spender { Name = s.Name, Spent = s.Spent }));
        m.TopModels.AddRange(r.TopModels.Select(s => new V1.Spender { Name = s.Name, Spent = s.Spent }));
        m.Runway.AddRange(r.Runway.Select(w => new V1.WalletRunway
        {
            WalletId = w.WalletId, Balance = w.Balance, BurnPerDay = Text(w.BurnPerDay), Days = Text(w.Days),
        }));
        return m;
    }

    public static object ToJson(FinanceKpiReport r) => new
    {
        from = r.From,
        to = r.To,
        deferred_revenue = r.DeferredRevenue.Select(KindJson),
        deferred_revenue_total = r.DeferredRevenueTotal,
        recognized_revenue = r.RecognizedRevenue,
        breakage = r.Breakage,
        overage_accrued = r.OverageAccrued,
        promotional_usage = r.PromotionalUsage.Select(a => new { value = a.Value, unit = a.Unit.Code }),
        unused_promotion = r.UnusedPromotion.Select(a => new { value = a.Value, unit = a.Unit.Code }),
        utilization = r.Utilization.Select(u => new { grant_kind = u.Kind.Code, unit = u.Unit.Code, granted = u.Granted, burned = u.Burned, ratio = Text(u.Ratio) }),
        waterfall = r.Waterfall.Select(KindJson),
        open_holds = r.OpenHolds.Count,
        held = r.OpenHolds.Reserved.Select(a => new { value = a.Value, unit = a.Unit.Code }),
        top_wallets = r.TopWallets.Select(s => new { name = s.Name, spent = s.Spent }),
        top_models = r.TopModels.Select(s => new { name = s.Name, spent = s.Spent }),
        runway = r.Runway.Select(w => new { wallet_id = w.WalletId, balance = w.Balance, burn_per_day = Text(w.BurnPerDay), days = Text(w.Days) }),
    };

    private static V1.KindAmount Kind(KindAmount k) => new() { GrantKind = k.Kind.Code, Unit = k.Unit.Code, Value = k.Amount };

    private static object KindJson(KindAmount k) => new { grant_kind = k.Kind.Code, unit = k.Unit.Code, value = k.Amount };

    /// <summary>Exact decimal text (ratios and rates are decimals: no binary floating point on the wire); empty for none.</summary>
    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
