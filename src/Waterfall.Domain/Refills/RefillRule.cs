using Waterfall.Domain.Money;

namespace Waterfall.Domain.Refills;

/// <summary>
/// "When the wallet's spendable USD falls below <see cref="Threshold"/>, refill it": by a fixed
/// <see cref="Amount"/>, or up to <see cref="Amount"/> as a target. All amounts are nano-dollars.
/// </summary>
/// <param name="MonthlyCap">The most the refills of one calendar month (UTC) may add together.</param>
/// <param name="Funding">Who pays for a refill; <see cref="RefillFunding.Invoice"/> adds it to the next invoice.</param>
[GenerateSerializer, Immutable, Alias("wf.RefillRule")]
public sealed record RefillRule(
    [property: Id(0)] long Threshold,
    [property: Id(1)] RefillMode Mode,
    [property: Id(2)] long Amount,
    [property: Id(3)] long MonthlyCap,
    [property: Id(4)] RefillFunding Funding = RefillFunding.Invoice)
{
    /// <summary>What a refill adds to a wallet with <paramref name="balance"/> spendable, before the monthly cap.</summary>
    public long Wanted(long balance) => Mode switch
    {
        RefillMode.Fixed => Amount,
        _ => Math.Max(0, Amount - balance),
    };

    /// <summary>The rule's field violations (empty when it is valid); field names as on the wire.</summary>
    public IReadOnlyList<FieldViolation> Violations()
    {
        var violations = new List<FieldViolation>();
        if (Threshold is < 0 or > Money.Amount.MaxBalance)
            violations.Add(new("rule.threshold", $"must be between 0 and {Money.Amount.MaxBalance} nano-dollars"));
        if (!Enum.IsDefined(Mode))
            violations.Add(new("rule.mode", "must be FIXED or TARGET"));
        if (Amount is <= 0 or > Money.Amount.MaxBalance)
            violations.Add(new("rule.amount", $"must be between 1 and {Money.Amount.MaxBalance} nano-dollars"));
        else if (Mode == RefillMode.Target && Amount <= Threshold)
            violations.Add(new("rule.amount", "a target must be above the threshold, or a refill would leave the wallet below it"));
        if (MonthlyCap is <= 0 or > Money.Amount.MaxBalance)
            violations.Add(new("rule.monthly_cap", $"must be between 1 and {Money.Amount.MaxBalance} nano-dollars"));
        if (!Enum.IsDefined(Funding))
            violations.Add(new("rule.funding", "must be INVOICE"));
        return violations;
    }

    public override string ToString() =>
        $"below {Money.Amount.Usd(Threshold)} refill {(Mode == RefillMode.Fixed ? "by" : "up to")} {Money.Amount.Usd(Amount)}, at most {Money.Amount.Usd(MonthlyCap)} a month, on {Funding}";
}

public enum RefillMode
{
    /// <summary>Add the rule's amount.</summary>
    Fixed = 0,

    /// <summary>Add what brings the spendable balance up to the rule's amount.</summary>
    Target = 1,
}

/// <summary>Who pays for a refill. New sources (e.g. a USDC allowance pulled on chain) are added here.</summary>
public enum RefillFunding
{
    /// <summary>The refill is a purchased grant owed by the customer: a receivable, billed on the next invoice.</summary>
    Invoice = 0,
}
