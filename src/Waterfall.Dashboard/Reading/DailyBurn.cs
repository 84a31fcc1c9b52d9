using Waterfall.Domain.Ledger;
using Waterfall.Finance;
using Waterfall.Ledger;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// The waterfall breakdown day by day: each day's USD usage per grant kind, and overage. The same fold as
/// the KPI report (<see cref="FinanceKpis"/> over the books' journal), one report per day: a transaction
/// is posted by the books (which must see every earlier grant) and fed to the report of its own day only,
/// since a day's usage depends on nothing before it. Periods longer than <see cref="MaxBars"/> days are
/// cut into that many equal spans.
/// </summary>
public sealed class DailyBurn(ILedgerReader ledger)
{
    public const int MaxBars = 62;

    public async Task<IReadOnlyList<BurnBar>> ReadAsync(string tenantId, FinancePeriod period, CancellationToken cancellationToken)
    {
        var span = TimeSpan.FromDays(Math.Max(1, Math.Ceiling((period.To - period.From).TotalDays / MaxBars)));
        var bars = new List<(DateTimeOffset From, DateTimeOffset To, FinanceKpis Kpis)>();
        for (var at = period.From; at < period.To; at += span)
        {
            var end = at + span < period.To ? at + span : period.To;
            bars.Add((at, end, new FinanceKpis(at, end)));
        }
        var books = new TenantBooks();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, period.To, cancellationToken: cancellationToken))
        {
            var lines = books.Journal(stored.Wallet, stored.Event);
            if (stored.Event.At < period.From) continue;
            var index = (int)((stored.Event.At - period.From).Ticks / span.Ticks);
            if (index < bars.Count) bars[index].Kpis.Add(lines);
        }
        return bars.Select(b =>
        {
            var report = b.Kpis.Report();
            return new BurnBar(b.From, b.To, report.Waterfall.Where(w => w.Unit.IsMoney).ToDictionary(w => w.Kind.Code, w => w.Amount), report.OverageAccrued);
        }).ToList();
    }
}

/// <summary>One bar of the chart: USD usage covered per grant kind, and overage, over [From, To).</summary>
public sealed record BurnBar(DateTimeOffset From, DateTimeOffset To, IReadOnlyDictionary<string, long> ByKind, long Overage);
