using Waterfall.Domain.Ledger;
using Waterfall.Finance;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// The overview's figures: the one place the dashboard asks for KPIs, through the query
/// <c>GET /v1/finance/kpis</c> and <c>FinanceService.GetKpis</c> answer with, at the API's defaults.
/// </summary>
public sealed class DashboardKpis(FinanceQueries finance)
{
    private static readonly KpiQuery Defaults = new(KpiQuery.DefaultTop, KpiQuery.DefaultTrailingDays);

    public Task<FinanceKpiReport> ReportAsync(string tenantId, FinancePeriod period, CancellationToken cancellationToken) =>
        finance.KpisAsync(tenantId, period, Defaults, cancellationToken);

    /// <summary>
    /// The fold <see cref="ReportAsync"/> makes, for a reader that feeds it from a read it shares
    /// (<see cref="OverviewFigures"/>): built as <see cref="FinanceQueries.KpisAsync"/> builds it, at the API's defaults.
    /// </summary>
    public static FinanceKpis Fold(FinancePeriod period) => new(period.From, period.To, Defaults.Top, Defaults.Trailing);

    /// <summary>The period of the same length that ends where <paramref name="period"/> starts.</summary>
    public static FinancePeriod Previous(FinancePeriod period) => new(period.From - (period.To - period.From), period.From);
}
