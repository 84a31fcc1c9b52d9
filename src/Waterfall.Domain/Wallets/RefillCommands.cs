using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Refills;

namespace Waterfall.Domain.Wallets;

/// <summary>Sets (or replaces) the wallet's refill rule; a rule set anew is enabled.</summary>
/// <param name="SettlementAccount">
/// The service's settlement account, which a usdc-allowance permit must name as spender; null where the service
/// cannot pull (then such a rule is refused). Supplied by the host, not the caller, so it is no part of the fingerprint.
/// </param>
/// <param name="PullNetworks">The networks this service pulls USDC on (null: not checked); host-supplied like the account.</param>
public sealed record SetRefillRule(string IdempotencyKey, RefillRule Rule, string? SettlementAccount = null, IReadOnlyCollection<string>? PullNetworks = null)
    : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.RefillRuleSet;

    public override string Fingerprint()
    {
        var fingerprint = new FingerprintBuilder("set-refill-rule").Add(Rule.Threshold).Add((long)Rule.Mode).Add(Rule.Amount)
            .Add(Rule.MonthlyCap).Add((long)Rule.Funding);
        // Only a rule with a permit adds its fields, so an invoice rule's fingerprint (stored with its entry) is unchanged.
        if (Rule.Allowance is { } a)
            fingerprint.Add(a.Network).Add(a.Owner?.ToLowerInvariant()).Add(a.Spender?.ToLowerInvariant()).Add(a.Cap).Add(a.Deadline).Add(a.Signature?.ToLowerInvariant());
        return fingerprint.Build();
    }
}

/// <summary>Removes the wallet's refill rule; the month's refills still count toward a rule set later in the month.</summary>
public sealed record ClearRefillRule(string IdempotencyKey) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.RefillRuleCleared;

    public override string Fingerprint() => new FingerprintBuilder("clear-refill-rule").Build();
}

/// <summary>
/// A refill failed where the wallet cannot see it (its invoice went unpaid, its on-chain pull failed):
/// the rule stops refilling and the wallet says why, until the rule is set again.
/// </summary>
public sealed record DisableRefillRule(string IdempotencyKey, string Reason) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.RefillRuleDisabled;

    public override string Fingerprint() => new FingerprintBuilder("disable-refill-rule").Add(Reason).Build();
}
