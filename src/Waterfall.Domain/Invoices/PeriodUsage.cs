using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Invoices;

/// <summary>
/// A wallet's usage over one period, folded from its journal: each debit and capture (the usage
/// records) with its charge and the waterfall's coverage. Per metric it keeps all the usage and the part
/// the credits did not cover (what POSTPAID and HYBRID bill), and per grant kind the credit that paid.
/// </summary>
/// <remarks>
/// Metrics of an LLM call: <c>llm_cost</c> is its catalog-rated USD; <c>llm_tokens</c>, <c>input_tokens</c>
/// and <c>output_tokens</c> its tokens; <c>requests</c> counts the call. A call's tokens are uncovered in
/// the share its overage has of its money cost, after token grants (a call half paid by overage bills half
/// its remaining tokens); a request is uncovered when any of it went to overage. A plain amount charge
/// counts under its metric (or its unit's code); its uncovered part is its overage (USD) or what no grant drew.
/// </remarks>
public sealed class PeriodUsage(PeriodSpan period)
{
    private readonly Dictionary<string, decimal> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _uncovered = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Unit), long> _credits = [];
    private readonly List<Refilled> _refills = [];

    public PeriodSpan Period { get; } = period;

    /// <summary>Overage accrued by the period's usage, in nano-dollars.</summary>
    public long Overage { get; private set; }

    public int UsageRecords { get; private set; }

    /// <summary>Auto-refills funded by invoice made in the period, in journal order: owed, the invoice bills each on its own line.</summary>
    public IReadOnlyList<Refilled> InvoicedRefills => _refills;

    public decimal UsageOf(string metric) => _usage.GetValueOrDefault(metric);

    public decimal UncoveredOf(string metric) => _uncovered.GetValueOrDefault(metric);

    public IReadOnlyList<CreditApplied> Credits =>
        [.. _credits.OrderBy(c => c.Key.Kind, StringComparer.Ordinal).ThenBy(c => c.Key.Unit, StringComparer.Ordinal)
            .Select(c => new CreditApplied(c.Key.Kind, c.Key.Unit, c.Value))];

    /// <summary>Adds an event of the wallet's journal; only the period's debits and captures count.</summary>
    /// <param name="grants">The wallet's grants, learned from its journal up to this event (for the kind of each draw).</param>
    public void Add(WalletEvent e, IGrantDirectory grants)
    {
        if (!Period.Contains(e.At)) return;
        switch (e)
        {
            case Debited d:
                Add(d.Charge, d.Coverage, grants);
                break;
            case HoldCaptured c:
                Add(c.Actual, c.Captured, grants);
                break;
            case Refilled { Funding: Waterfall.Domain.Refills.RefillFunding.Invoice } r:
                _refills.Add(r);
                break;
        }
    }

    private void Add(Charge charge, Coverage coverage, IGrantDirectory grants)
    {
        UsageRecords++;
        Overage = checked(Overage + coverage.Overage);
        foreach (var draw in coverage.Draws)
        {
            var kind = grants.Find(draw.Grant)?.Kind.Code ?? "unknown";
            var key = (kind, draw.Unit.Code);
            _credits[key] = checked(_credits.GetValueOrDefault(key) + draw.Amount);
        }
        switch (charge)
        {
            case UsageCharge u:
                AddCall(u.Usage, coverage);
                break;
            case AmountCharge a:
                var metric = a.Context.Metric ?? a.Amount.Unit.Code;
                var drawn = coverage.Draws.Where(d => d.Unit == a.Amount.Unit).Sum(d => d.Amount);
                var uncovered = a.Amount.Unit.IsMoney ? coverage.Overage : Math.Max(0, a.Amount.Value - drawn);
                Count(metric, Quantity(a.Amount.Unit, a.Amount.Value), Quantity(a.Amount.Unit, uncovered));
                break;
        }
    }

    private void AddCall(RatedUsage usage, Coverage coverage)
    {
        var cost = NanoDollars.ToUsd(usage.CostNanos);
        Count(Metrics.LlmCost, cost, NanoDollars.ToUsd(coverage.Overage));
        // The share of the call the credits did not pay: overage over the money it cost after token grants.
        var share = coverage.MoneyCost > 0 ? (decimal)coverage.Overage / coverage.MoneyCost : 0m;
        var afterTokenGrants = Math.Max(0, usage.TotalTokens - coverage.TokensCovered);
        var input = usage.Lines.Where(l => l.Component < UsageComponent.Output).Sum(l => l.Tokens);
        var output = usage.TotalTokens - input;
        var total = usage.TotalTokens;
        Count(Metrics.LlmTokens, total, Math.Floor(afterTokenGrants * share));
        Count(Metrics.InputTokens, input, total == 0 ? 0 : Math.Floor(afterTokenGrants * share * input / total));
        Count(Metrics.OutputTokens, output, total == 0 ? 0 : Math.Floor(afterTokenGrants * share * output / total));
        Count(Metrics.Requests, 1, coverage.Overage > 0 ? 1 : 0);
    }

    private static decimal Quantity(CreditUnit unit, long value) => unit.IsMoney ? NanoDollars.ToUsd(value) : value;

    private void Count(string metric, decimal usage, decimal uncovered)
    {
        _usage[metric] = _usage.GetValueOrDefault(metric) + usage;
        _uncovered[metric] = _uncovered.GetValueOrDefault(metric) + uncovered;
    }
}
