namespace Waterfall.Domain.Grants;

/// <summary>Where a grant came from, for audit: a plan, a campaign, an x402 payment, an operator.</summary>
public sealed record GrantSource(GrantSourceKind Kind, string? Reference = null)
{
    public static readonly GrantSource Operator = new(GrantSourceKind.Operator);

    /// <summary>
    /// Paid on chain: credited on verification (an x402 payment) or on submission (a refill pulled from a USDC
    /// allowance), settled (or reversed) later.
    /// </summary>
    public bool AwaitsSettlement => Kind == GrantSourceKind.X402Payment || IsPulledRefill;

    /// <summary>A refill billed on the customer's next invoice: owed, so funded by a receivable rather than cash.</summary>
    public bool IsInvoiced => Kind == GrantSourceKind.Refill && !IsPulledRefill;

    /// <summary>A refill pulled in USDC from the payer's allowance: its reference is the pull's settlement key.</summary>
    public bool IsPulledRefill => Kind == GrantSourceKind.Refill && Refills.UsdcAllowance.IsPullKey(Reference);
}

public enum GrantSourceKind
{
    Operator = 0,
    Plan = 1,
    Campaign = 2,
    X402Payment = 3,
    /// <summary>A wallet's refill rule (docs/refill.md); the reference names the rule and the refill's number.</summary>
    Refill = 10,
}
