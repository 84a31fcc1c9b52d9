using Microsoft.AspNetCore.Http;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Reading;

namespace Waterfall.Dashboard.Pages;

/// <summary>The KPIs of a period (this month in UTC unless chosen) next to the period before it.</summary>
internal static class OverviewPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, OverviewFigures figures, TimeProvider clock, string? from, string? to)
    {
        var user = http.User();
        var (period, errors) = Periods.Read(from, to, clock);
        var overview = await figures.ReadAsync(user.TenantId, period, http.RequestAborted);
        return http.Page<OverviewView>(new { Frame = http.Frame("Overview", "overview"), overview.Current, overview.Previous, overview.Daily, Errors = errors },
            errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}
