using Microsoft.AspNetCore.Http;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Reading;
using Waterfall.Finance;

namespace Waterfall.Dashboard.Pages;

/// <summary>The KPIs of a period (this month in UTC unless chosen) next to the period before it.</summary>
internal static class OverviewPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, DashboardKpis kpis, DailyBurn daily, TimeProvider clock, string? from, string? to)
    {
        var user = http.User();
        var (period, errors) = Periods.Read(from, to, clock);
        var current = await kpis.ReportAsync(user.TenantId, period, http.RequestAborted);
        var previous = await kpis.ReportAsync(user.TenantId, DashboardKpis.Previous(period), http.RequestAborted);
        var bars = await daily.ReadAsync(user.TenantId, period, http.RequestAborted);
        return http.Page<OverviewView>(new { Frame = http.Frame("Overview", "overview"), Current = current, Previous = previous, Daily = bars, Errors = errors },
            errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}
