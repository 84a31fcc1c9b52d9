using Waterfall.Domain.Ledger;
using Waterfall.Finance;
using Waterfall.Ledger;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// The overview's figures for a period and the one before it. The one place the dashboard asks for
/// KPIs, so the page and <c>GET /v1/finance/kpis</c> answer from the same fold of the tenant's journal.
/// </summary>
public sealed class DashboardKpis(ILedgerReader ledger)
{
    public async Task<FinanceKpiReport> ReportAsync(string tenantId, FinancePeriod period, CancellationToken cancellationToken)
    {
        var books = new TenantBooks();
        var kpis = new FinanceKpis(period.From, period.To);
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, period.To, cancellationToken: cancellationToken))
            kpis.Add(books.Journal(stored.Wallet, stored.Event));
        return kpis.Report();
    }

    /// <summary>The period of the same length that ends where <paramref name="period"/> starts.</summary>
    public static FinancePeriod Previous(FinancePeriod period) => new(period.From - (period.To - period.From), period.From);
}
