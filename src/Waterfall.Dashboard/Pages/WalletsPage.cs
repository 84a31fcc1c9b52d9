using Microsoft.AspNetCore.Http;
using Waterfall.Contracts;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Reading;
using Waterfall.Finance;

namespace Waterfall.Dashboard.Pages;

/// <summary>The tenant's wallets: searched by id, sorted, a page at a time; only the page's wallets are asked for balances.</summary>
internal static class WalletsPage
{
    public const int PageSize = 25;

    public static async Task<IResult> ShowAsync(HttpContext http, WalletDirectory directory, WalletGrains grains, DashboardKpis kpis, TimeProvider clock,
        string? q, string? sort, int? page)
    {
        var user = http.User();
        var order = Enum.TryParse<WalletOrder>(sort, ignoreCase: true, out var o) ? o : WalletOrder.Id;
        var all = await directory.ListAsync(user.TenantId, q?.Trim(), order, http.RequestAborted);
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        var number = Math.Clamp(page ?? 1, 1, pages);
        var shown = all.Skip((number - 1) * PageSize).Take(PageSize).ToList();
        var views = await Task.WhenAll(shown.Select(w => grains.Get(user.TenantId, w.WalletId).Get()));
        // Runway is the KPI report's: the trailing 30 days' burn rate against the balance now.
        var now = clock.GetUtcNow();
        var runway = (await kpis.ReportAsync(user.TenantId, new FinancePeriod(now.AddDays(-30), now), http.RequestAborted))
            .Runway.ToDictionary(r => r.WalletId, StringComparer.Ordinal);
        var rows = shown.Zip(views, (w, v) => new WalletRow(w, v.Receipt, runway.GetValueOrDefault(w.WalletId))).ToList();
        return http.Page<WalletsView>(new { Frame = http.Frame("Wallets", "wallets"), Rows = rows, Search = q ?? "", Order = order, Page = number, Pages = pages, Total = all.Count });
    }
}

public sealed record WalletRow(OpenedWallet Wallet, WalletView? View, Domain.Ledger.WalletRunway? Runway);
