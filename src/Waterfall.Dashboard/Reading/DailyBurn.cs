using Waterfall.Domain.Ledger;
using Waterfall.Finance;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// The waterfall breakdown day by day: each day's USD usage per grant kind, and overage. The same fold as
/// the KPI report (<see cref="FinanceKpis"/> over the books' journal), one report per day: each transaction,
/// as the books journal it (they must see every earlier grant), is fed to the report of its own day only,
/// since a day's usage depends on nothing before it. Periods longer than <see cref="MaxBars"/> days are
/// cut into that many equal spans. Fed by <see cref="OverviewFigures"/>'s one read of the tenant's journal.
/// </summary>
public sealed class DailyBurn
{
    public const int MaxBars = 62;

    private readonly FinancePeriod _period;
    private readonly TimeSpan _span;
    private readonly List<(DateTimeOffset From, DateTimeOffset To, FinanceKpis Kpis)> _bars = [];

    public DailyBurn(FinancePeriod period)
    {
        _period = period;
        _span = TimeSpan.FromDays(Math.Max(1, Math.Ceiling((period.To - period.From).TotalDays / MaxBars)));
        for (var at = period.From; at < period.To; at += _span)
        {
            var end = at + _span < period.To ? at + _span : period.To;
            _bars.Add((at, end, new FinanceKpis(at, end)));
        }
    }

    /// <summary>One transaction of the journal before the period's end, dated by its event.</summary>
    public void Add(DateTimeOffset at, IReadOnlyList<JournalLine> lines)
    {
        if (at < _period.From) return;
        var index = (int)((at - _period.From).Ticks / _span.Ticks);
        if (index < _bars.Count) _bars[index].Kpis.Add(lines);
    }

    public IReadOnlyList<BurnBar> Bars() => _bars.Select(b =>
    {
        var report = b.Kpis.Report();
        return new BurnBar(b.From, b.To, report.Waterfall.Where(w => w.Unit.IsMoney).ToDictionary(w => w.Kind.Code, w => w.Amount), report.OverageAccrued);
    }).ToList();
}

/// <summary>One bar of the chart: USD usage covered per grant kind, and overage, over [From, To).</summary>
public sealed record BurnBar(DateTimeOffset From, DateTimeOffset To, IReadOnlyDictionary<string, long> ByKind, long Overage);
