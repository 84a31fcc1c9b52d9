using Waterfall.Domain.Ledger;
using Waterfall.Finance;
using Waterfall.Ledger;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// Everything the overview shows, from one read of the tenant's journal up to the period's end: the period's
/// KPIs, the previous period's (the same length, ending where this one starts) and the daily burn. The previous
/// period's KPIs see only the transactions before its end, as a read that stopped there would; all three take
/// their lines from the same books, so each transaction is journaled once.
/// </summary>
public sealed class OverviewFigures(ILedgerReader ledger)
{
    public async Task<Overview> ReadAsync(string tenantId, FinancePeriod period, CancellationToken cancellationToken)
    {
        var previousPeriod = DashboardKpis.Previous(period);
        var current = DashboardKpis.Fold(period);
        var previous = DashboardKpis.Fold(previousPeriod);
        var daily = new DailyBurn(period);
        var books = new TenantBooks();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, period.To, cancellationToken: cancellationToken))
        {
            var lines = books.Journal(stored.Wallet, stored.Event);
            current.Add(lines);
            if (stored.Event.At < previousPeriod.To) previous.Add(lines);
            daily.Add(stored.Event.At, lines);
        }
        return new Overview(current.Report(), previous.Report(), daily.Bars());
    }
}

/// <summary>The overview's figures: this period's KPIs, the previous period's, and this period's bars.</summary>
public sealed record Overview(FinanceKpiReport Current, FinanceKpiReport Previous, IReadOnlyList<BurnBar> Daily);
