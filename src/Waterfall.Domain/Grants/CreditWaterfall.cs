using Waterfall.Domain.Charges;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Grants;

/// <summary>
/// The burn order and the allocator. Applicable grants burn by priority, then soonest expiry,
/// then oldest; unit grants cover a usage charge's tokens before the rest is costed in money;
/// what money grants cannot cover becomes overage, as far as the billing terms allow.
/// </summary>
public static class CreditWaterfall
{
    /// <summary>
    /// The grants that can pay for a charge in this context right now, in burn order, each with
    /// what it has available. <paramref name="grantsInBurnOrder"/> must already be sorted.
    /// </summary>
    public static List<Draw> Sources(IReadOnlyList<Grant> grantsInBurnOrder, ChargeContext context, DateTimeOffset now)
    {
        var sources = new List<Draw>(grantsInBurnOrder.Count);
        foreach (var grant in grantsInBurnOrder)
        {
            if (grant.Available > 0 && grant.CanBurnAt(now) && grant.Terms.Scope.Covers(context))
                sources.Add(new Draw(grant.Id, grant.Unit, grant.Available));
        }
        return sources;
    }

    /// <summary>
    /// Pays for <paramref name="charge"/> from <paramref name="sources"/> (taken in the order given)
    /// and then from overage up to <paramref name="overageHeadroom"/> nano-dollars.
    /// Whatever is still unpaid is the shortfall.
    /// </summary>
    public static WaterfallResult Cover(Charge charge, IReadOnlyList<Draw> sources, long overageHeadroom) =>
        charge switch
        {
            AmountCharge amount => CoverAmount(amount.Amount, sources, overageHeadroom),
            UsageCharge usage => CoverUsage(usage, sources, overageHeadroom),
            _ => throw new ArgumentOutOfRangeException(nameof(charge), charge, "Unknown charge."),
        };

    private static WaterfallResult CoverAmount(Amount amount, IReadOnlyList<Draw> sources, long overageHeadroom)
    {
        var draws = new List<Draw>(2);
        var unpaid = Take(amount.Unit, amount.Value, sources, draws);
        if (!amount.Unit.IsMoney)
        {
            // Unit credit (tokens, requests) cannot be invoiced: what grants don't cover is short.
            return new(new Coverage(draws, 0, 0m, 0, 0), new Amount(unpaid, amount.Unit));
        }
        var overage = Math.Min(unpaid, Math.Max(0, overageHeadroom));
        var coverage = new Coverage(draws, 0, NanoDollars.ToUsd(amount.Value), amount.Value, overage);
        return new(coverage, Amount.Usd(unpaid - overage));
    }

    private static WaterfallResult CoverUsage(UsageCharge charge, IReadOnlyList<Draw> sources, long overageHeadroom)
    {
        var draws = new List<Draw>(2);
        var usage = charge.Usage;
        var totalTokens = usage.TotalTokens;
        var tokensCovered = totalTokens - Take(CreditUnit.Tokens, totalTokens, sources, draws);

        // Token grants pay for the lines in component order; the rest is costed exactly.
        decimal exact = 0;
        var coveredLeft = tokensCovered;
        foreach (var line in usage.Lines)
        {
            var covered = Math.Min(line.Tokens, coveredLeft);
            coveredLeft -= covered;
            exact += (line.Tokens - covered) * line.UnitPrice;
        }
        var money = NanoDollars.Round(exact);
        var unpaid = Take(CreditUnit.Usd, money, sources, draws);
        var overage = Math.Min(unpaid, Math.Max(0, overageHeadroom));
        return new(new Coverage(draws, tokensCovered, exact, money, overage), Amount.Usd(unpaid - overage));
    }

    /// <summary>Takes up to <paramref name="amount"/> of <paramref name="unit"/> from the sources; returns what is left unpaid.</summary>
    private static long Take(CreditUnit unit, long amount, IReadOnlyList<Draw> sources, List<Draw> draws)
    {
        var left = amount;
        for (var i = 0; i < sources.Count && left > 0; i++)
        {
            var source = sources[i];
            if (source.Unit != unit || source.Amount <= 0) continue;
            var take = Math.Min(left, source.Amount);
            draws.Add(source with { Amount = take });
            left -= take;
        }
        return left;
    }
}

/// <summary>The outcome of covering a charge: how it is paid, and what could not be paid.</summary>
public readonly record struct WaterfallResult(Coverage Coverage, Amount Shortfall)
{
    public bool IsCovered => Shortfall.Value == 0;
}
