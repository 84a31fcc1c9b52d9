using Waterfall.Domain.Money;

namespace Waterfall.Domain.Refills;

/// <summary>
/// "When the wallet's spendable USD falls below <see cref="Threshold"/>, refill it": by a fixed
/// <see cref="Amount"/>, or up to <see cref="Amount"/> as a target. All amounts are nano-dollars.
/// </summary>
/// <param name="MonthlyCap">The most the refills of one calendar month (UTC) may add together.</param>
/// <param name="Funding">Who pays for a refill; <see cref="RefillFunding.Invoice"/> adds it to the next invoice.</param>
/// <param name="Allowance">The payer's signed permit when <see cref="Funding"/> is <see cref="RefillFunding.UsdcAllowance"/>; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("wf.RefillRule")]
public sealed record RefillRule(
    [property: Id(0)] long Threshold,
    [property: Id(1)] RefillMode Mode,
    [property: Id(2)] long Amount,
    [property: Id(3)] long MonthlyCap,
    [property: Id(4)] RefillFunding Funding = RefillFunding.Invoice,
    [property: Id(5)] UsdcAllowance? Allowance = null)
{
    /// <summary>What a refill adds to a wallet with <paramref name="balance"/> spendable, before the monthly cap.</summary>
    public long Wanted(long balance) => Mode switch
    {
        RefillMode.Fixed => Amount,
        _ => Math.Max(0, Amount - balance),
    };

    /// <summary>The rule's field violations (empty when it is valid); field names as on the wire.</summary>
    /// <remarks>
    /// Without the service's settlement account a usdc-allowance rule cannot be checked (the permit must name it as
    /// spender), so it is refused: a rule is accepted only where its refills can be pulled.
    /// </remarks>
    public IReadOnlyList<FieldViolation> Violations() => Violations(settlementAccount: null, DateTimeOffset.MinValue);

    /// <summary>
    /// The rule's field violations against this service's <paramref name="settlementAccount"/> (the spender a
    /// usdc-allowance permit must name; null where the service has none) at <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<FieldViolation> Violations(string? settlementAccount, DateTimeOffset now)
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
            violations.Add(new("rule.funding", "must be INVOICE or USDC_ALLOWANCE"));
        else if (Funding == RefillFunding.UsdcAllowance)
        {
            if (Allowance is null)
                violations.Add(new("rule.allowance", "is required with USDC_ALLOWANCE funding: the payer's signed EIP-2612 permit"));
            else if (settlementAccount is null)
                violations.Add(new("rule.funding", "USDC_ALLOWANCE is not accepted here: this service has no settlement account to pull with"));
            else
                violations.AddRange(Allowance.Violations(settlementAccount, now));
        }
        else if (Allowance is not null)
            violations.Add(new("rule.allowance", "is only for USDC_ALLOWANCE funding"));
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

/// <summary>Who pays for a refill. New sources are added here.</summary>
public enum RefillFunding
{
    /// <summary>The refill is a purchased grant owed by the customer: a receivable, billed on the next invoice.</summary>
    Invoice = 0,

    /// <summary>
    /// The refill is pulled in USDC from the payer's wallet with transferFrom, within the cap of the EIP-2612 permit
    /// the payer signed once (<see cref="RefillRule.Allowance"/>).
    /// </summary>
    UsdcAllowance = 1,
}
